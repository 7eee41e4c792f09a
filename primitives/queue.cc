#include <algorithm>

#include "absl/strings/str_cat.h"
#include "primitives/queue.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

namespace {

// Queue query kinds (kArg of kQueueQuery).
enum QueueQuery : int { kAskQsize, kAskEmpty, kAskFull };
// Errors a Queue routine raises after releasing its lock (kResult).
enum QueueError : int {
  kNoError, kRaiseFull, kRaiseEmpty, kRaiseNegativeTimeout, kRaiseTaskDone, kRaiseShutDown
};

}  // namespace

Flow QueueMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                       const Value* kwnames, size_t nkw, size_t below, Value* result) {
  switch (attr) {
    case Attr::kPut:
    case Attr::kPutNowait:
    case Attr::kGet:
    case Attr::kGetNowait: {
      bool put = attr == Attr::kPut || attr == Attr::kPutNowait;
      bool nowait = attr == Attr::kPutNowait || attr == Attr::kGetNowait;
      Value a[3] = {Value::Unbound(), Value::Unbound(), Value::Unbound()};
      Flow f = put ? (nowait ? cx.Bind("put_nowait", {"item"}, 1, args, nargs, kwnames, nkw, a)
                             : cx.Bind("put", {"item", "block", "timeout"}, 1, args, nargs, kwnames,
                                    nkw, a))
                   : (nowait ? cx.Bind("get_nowait", {}, 0, args, nargs, kwnames, nkw, a)
                             : cx.Bind("get", {"block", "timeout"}, 0, args, nargs, kwnames, nkw,
                                    a + 1));
      if (f != Flow::kNext) return f;
      bool block = !nowait && (a[1].is_unbound() || cx.Truthy(a[1]));
      Value timeout = a[2].is_unbound() ? Value::None() : a[2];
      if (!timeout.is_none() && !cx.IsNumber(timeout)) {
        return cx.Raise(Builtin::kExcType, absl::StrCat("'<' not supported between instances of '",
                                                     cx.TypeName(timeout), "' and 'int'"));
      }
      return cx.Start(put ? kQueuePut : kQueueGet,
                         {self, put ? a[0] : Value::None(), timeout, Value::None(),
                          Value::Bool(false), Value::SmallInt(block ? 1 : 0)},
                         nargs + below, ReturnAction::kPush);
    }
    case Attr::kTaskDone:
    case Attr::kJoin:
      if (nargs > 0) return cx.Raise(Builtin::kExcType, "takes no arguments");
      return cx.Start(attr == Attr::kTaskDone ? kQueueTaskDone : kQueueJoin, {self},
                         nargs + below, ReturnAction::kPush);
    case Attr::kQsize:
    case Attr::kEmpty:
    case Attr::kFull: {
      if (nargs > 0) return cx.Raise(Builtin::kExcType, "takes no arguments");
      int ask = attr == Attr::kQsize ? kAskQsize : attr == Attr::kEmpty ? kAskEmpty : kAskFull;
      return cx.Start(kQueueQuery, {self, Value::SmallInt(ask)}, nargs + below,
                         ReturnAction::kPush);
    }
    case Attr::kShutdown: {  // shutdown(immediate=False), 3.13
      Value a[1];
      Flow f = cx.Bind("shutdown", {"immediate"}, 0, args, nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      bool immediate = !a[0].is_unbound() && cx.Truthy(a[0]);
      return cx.Start(kQueueShutdown, {self, Value::Bool(immediate)}, nargs + below,
                      ReturnAction::kPush);
    }
    default:
      return cx.Raise(Builtin::kExcAttribute, NoAttributeMessage(cx.TypeName(self), attr));
  }
}

Flow QueueStep(RoutineContext& cx, Routine routine) {
  switch (routine) {
    case kQueuePut:
    case kQueueGet:
    case kQueueTaskDone:
    case kQueueJoin:
    case kQueueQuery:
    case kQueueShutdown: {
      // queue.Queue (Lib/queue.py): one mutex and three Conditions on it. Slots: kArg = item
      // (put) or the query; kArg2 = timeout; kWaiter = the item got; kSaved = a timed wait timed
      // out; kResult = block (1/0) until the end, then a QueueError to raise.
      Value* q = cx.Fields(cx.Slot(kSelf));
      Value mutex = q[kQueueMutex];
      Value items = q[kQueueItems];
      int64_t maxsize = q[kQueueMaxsize].small_int();
      uint32_t size = cx.Size(items);
      auto leave_with = [&](int error) {
        cx.Slot(kResult) = Value::SmallInt(error);
        cx.Pc() = 9;
        return Flow::kJumped;
      };
      auto wait_on = [&](int slot, Value timeout) {
        return cx.Start(kCondWait, {cx.Fields(cx.Slot(kSelf))[slot], timeout}, 0,
                           ReturnAction::kPush);
      };
      switch (cx.Pc()) {
        case 0: {  // with self.<condition>: (all share the mutex)
          if (!cx.EnterLock(mutex, "acquire the queue's lock")) return Flow::kYield;
          cx.Pc() = 1;
          return Flow::kJumped;
        }
        case 1: {
          bool block = cx.Slot(kResult).small_int() == 1;
          Value timeout = cx.Slot(kArg2);
          if (routine == kQueueShutdown) {  // self.is_shutdown = True
            q[kQueueIsShutdown] = Value::Bool(true);
            if (!cx.Slot(kArg).is_true()) {
              cx.Pc() = 12;  // not_empty.notify_all() returns to 13
              return cx.NotifyAll(q[kQueueNotEmpty]);
            }
            // immediate: while self._qsize(): self._get(); unfinished_tasks -= 1 (if > 0)
            if (size > 0) cx.Resize(items, 0);
            q = cx.Fields(cx.Slot(kSelf));
            int64_t unfinished = q[kQueueUnfinished].small_int();
            q[kQueueUnfinished] = Value::SmallInt(std::max<int64_t>(0, unfinished - size));
            cx.Pc() = 10;  // all_tasks_done.notify_all() returns to 11
            return cx.NotifyAll(q[kQueueAllTasksDone]);
          }
          // 3.13: a put on a shut-down queue raises ShutDown, and so does a get of an empty
          // one, on entry and after every wait (each wait comes back here).
          bool shut = q[kQueueIsShutdown].is_true();
          if (shut && (routine == kQueuePut || (routine == kQueueGet && size == 0)))
            return leave_with(kRaiseShutDown);
          if (routine == kQueueQuery) {
            int ask = static_cast<int>(cx.Slot(kArg).small_int());
            cx.Slot(kWaiter) = ask == kAskQsize ? Value::SmallInt(size)
                             : ask == kAskEmpty
                                 ? Value::Bool(size == 0)
                                 : Value::Bool(maxsize > 0 && static_cast<int64_t>(size) >= maxsize);
            return leave_with(kNoError);
          }
          if (routine == kQueueJoin) {  // while self.unfinished_tasks: all_tasks_done.wait()
            if (q[kQueueUnfinished].small_int() == 0) return leave_with(kNoError);
            return wait_on(kQueueAllTasksDone, Value::None());
          }
          if (routine == kQueueTaskDone) {
            int64_t unfinished = q[kQueueUnfinished].small_int() - 1;
            if (unfinished < 0) return leave_with(kRaiseTaskDone);
            q[kQueueUnfinished] = Value::SmallInt(unfinished);
            if (unfinished > 0) return leave_with(kNoError);
            cx.Pc() = 7;  // notify_all returns to 8
            return cx.NotifyAll(q[kQueueAllTasksDone]);
          }
          bool put = routine == kQueuePut;
          // `elif timeout < 0: raise ValueError` comes before any waiting (put: only when
          // the queue is bounded), whether or not the queue is full or empty.
          if ((!put || maxsize > 0) && block && !timeout.is_none() && cx.FloatOf(timeout) < 0)
            return leave_with(kRaiseNegativeTimeout);
          bool must_wait = put ? (maxsize > 0 && static_cast<int64_t>(size) >= maxsize) : size == 0;
          if (put && maxsize <= 0) must_wait = false;  // unbounded: never waits, no checks
          if (must_wait) {
            if (!block) return leave_with(put ? kRaiseFull : kRaiseEmpty);
            if (!timeout.is_none()) {
              // remaining = endtime - time(); if remaining <= 0: raise. A zero timeout, or a
              // wait that timed out, means the deadline has passed.
              if (cx.FloatOf(timeout) == 0 || cx.Slot(kSaved).is_true())
                return leave_with(put ? kRaiseFull : kRaiseEmpty);
            }
            return wait_on(put ? kQueueNotFull : kQueueNotEmpty, timeout);  // returns to 2
          }
          // put: self._put(item); unfinished_tasks += 1; not_empty.notify()
          // get: item = self._get(); not_full.notify()
          if (put) {
            cx.Resize(items, size + 1);
            cx.Fields(items)[size] = cx.Slot(kArg);
            // A queue hands its items to other threads: whatever is put escapes (even into a
            // queue no other thread reaches yet, which changes nothing but is simplest).
            cx.Publish(cx.Slot(kArg));
            q = cx.Fields(cx.Slot(kSelf));
            q[kQueueUnfinished] = Value::SmallInt(q[kQueueUnfinished].small_int() + 1);
          } else if (q[kQueueKind].small_int() == kLifoQueue) {  // LifoQueue: the newest
            cx.Slot(kWaiter) = cx.Fields(items)[size - 1];
            cx.Resize(items, size - 1);
            q = cx.Fields(cx.Slot(kSelf));
          } else {
            cx.Slot(kWaiter) = cx.Fields(items)[0];
            cx.Erase(items, 0);
            q = cx.Fields(cx.Slot(kSelf));
          }
          cx.Pc() = 3;  // the notify returns to 4
          return cx.Start(kCondNotify, {q[put ? kQueueNotEmpty : kQueueNotFull],
                                           Value::SmallInt(1)},
                             0, ReturnAction::kPush);
        }
        case 2: {  // a wait returned
          Value got = cx.Pop();
          cx.NoteTimedOut(cx.Slot(kArg2), got);
          cx.Pc() = 1;
          return Flow::kJumped;
        }
        case 4:  // notify's None
        case 8:
          cx.Pop();
          return leave_with(kNoError);
        case 11:  // shutdown: then not_empty.notify_all()
          cx.Pop();
          cx.Pc() = 12;
          return cx.NotifyAll(cx.Fields(cx.Slot(kSelf))[kQueueNotEmpty]);
        case 13:  // and not_full.notify_all()
          cx.Pop();
          cx.Pc() = 13;
          return cx.NotifyAll(cx.Fields(cx.Slot(kSelf))[kQueueNotFull]);
        case 14:
          cx.Pop();
          return leave_with(kNoError);
        case 9: {  // leaving the with: release the lock; return or raise
          if (!cx.LeaveLock(mutex, "release the queue's lock")) return Flow::kYield;
          switch (cx.Slot(kResult).small_int()) {
            case kRaiseFull: return cx.Raise(Builtin::kExcFull, "");
            case kRaiseEmpty: return cx.Raise(Builtin::kExcEmpty, "");
            case kRaiseNegativeTimeout:
              return cx.Raise(Builtin::kExcValue, "'timeout' must be a non-negative number");
            case kRaiseTaskDone:
              return cx.Raise(Builtin::kExcValue, "task_done() called too many times");
            case kRaiseShutDown: return cx.Raise(Builtin::kExcShutDown, "");
            default: break;
          }
          if (routine == kQueueGet || routine == kQueueQuery) return cx.Return(cx.Slot(kWaiter));
          return cx.Return(Value::None());
        }
      }
      return cx.InputError("internal error: bad resume point in Queue");
    }
    default:
      break;
  }
  return cx.InputError("internal error: not a Queue routine");
}

}  // namespace lockcheck
