#include "absl/strings/str_cat.h"
#include "primitives/condition.h"
#include "primitives/lock_methods.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

namespace {

// _waiters.remove(waiter), ignoring ValueError: the first entry that is this very lock.
void RemoveWaiter(RoutineContext& cx, Value waiters, Value waiter) {
  for (uint32_t i = 0; i < cx.Size(waiters); ++i) {
    if (cx.Fields(waiters)[i] == waiter) {
      cx.Erase(waiters, i);
      return;
    }
  }
}

}  // namespace

void ConditionWaiterLocks(const Machine& m, std::vector<uint32_t>* locks) {
  for (uint32_t i = 0; i < m.objs.size(); ++i) {
    if (m.objs[i].type != ObjType::kCondition) continue;
    Value list = m.payload(i)[1];
    if (!list.is_obj()) continue;
    for (uint32_t k = 0; k < m.size(list); ++k) {
      Value v = m.payload(list)[k];
      if (m.Is(v, ObjType::kLock)) locks->push_back(v.payload());
    }
  }
}

Flow ConditionMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                           const Value* kwnames, size_t nkw, size_t below, Value* result) {
  Value lock = cx.Fields(self)[0];
  switch (attr) {
    case Attr::kAcquire:
    case Attr::kRelease:
    case Attr::kLocked:
    case Attr::kEnter:
    case Attr::kExit:
      // Condition.acquire is its lock's acquire, and so on (threading.py binds them).
      return LockMethod(cx, lock, attr, args, nargs, kwnames, nkw, below, result);
    case Attr::kWait: {
      // A bad timeout: CPython raises after releasing the lock (inside the try); the model
      // checks it first (FIDELITY.md).
      Value timeout;
      Flow f = cx.WaitTimeout(args, nargs, kwnames, nkw, Value::None(), &timeout);
      if (f != Flow::kNext) return f;
      return cx.Start(kCondWait, {self, timeout}, nargs + below, ReturnAction::kPush);
    }
    case Attr::kWaitFor: {
      Value a[2];
      Flow f = cx.Bind("wait_for", {"predicate", "timeout"}, 1, args, nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value timeout = a[1].is_unbound() ? Value::None() : a[1];
      return cx.Start(kCondWaitFor, {self, a[0], timeout}, nargs + below,
                         ReturnAction::kPush);
    }
    case Attr::kNotify:
    case Attr::kNotifyAll: {
      Value n = Value::SmallInt(1);
      if (attr == Attr::kNotify) {
        Value a[1];
        Flow f = cx.Bind("notify", {"n"}, 0, args, nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
        if (!a[0].is_unbound()) {
          if (!cx.IsInt(a[0]))
            return cx.Raise(Builtin::kExcType, absl::StrCat("'>' not supported between instances of '",
                                                         cx.TypeName(a[0]), "' and 'int'"));
          n = a[0];
        }
      } else {
        if (nargs > 0) return cx.Raise(Builtin::kExcType, "notify_all() takes no arguments");
        // notify_all() is notify(len(self._waiters)): n is fixed at the call.
        n = Value::SmallInt(cx.Size(cx.Fields(self)[1]));
      }
      return cx.Start(kCondNotify, {self, n}, nargs + below, ReturnAction::kPush);
    }
    default:
      return cx.Raise(Builtin::kExcAttribute, NoAttributeMessage("Condition", attr));
  }
}

Flow ConditionStep(RoutineContext& cx, Routine routine) {
  switch (routine) {
    case kCondWait:
    case kCondNotify: {
      Value cond = cx.Slot(kSelf);
      Value lock = cx.Fields(cond)[0];
      Value waiters = cx.Fields(cond)[1];
      bool rlock = cx.IsRLock(lock);
      bool wait = routine == kCondWait;
      const char* unowned = wait ? "cannot wait on un-acquired lock"
                                 : "cannot notify on un-acquired lock";
      switch (cx.Pc()) {
        case kCondCheck: {  // _is_owned()
          if (rlock) {
            if (!cx.Visible({})) return Flow::kYield;
            cx.Op("is the lock owned?");
            if (cx.Fields(lock)[0].small_int() != cx.Thread()) {
              cx.Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", unowned);
              return cx.Raise(Builtin::kExcRuntime, unowned, /*reported=*/true);
            }
            cx.Outcome("owned");
            cx.Pc() = wait ? kWaitQueue : kNotifyWake;
            return Flow::kJumped;
          }
          // A plain Lock: "owned" means held by anyone. The check tries to take it.
          uint32_t choice = cx.GateAcquire(lock, AcquireMode::kNonBlocking);
          if (!choice) return Flow::kYield;
          cx.Op("is the lock owned? (try-acquire)");
          bool got = cx.Acquire(lock, AcquireMode::kNonBlocking, choice) == AcquireResult::kAcquired;
          cx.Outcome(got ? "acquired: not owned" : "failed: owned");
          cx.Pc() = got ? kCondCheckFreed : wait ? kWaitQueue : kNotifyWake;
          return Flow::kJumped;
        }
        case kCondCheckFreed:  // it was free: give it back and complain
          if (!cx.Visible({})) return Flow::kYield;
          cx.Op("release after the check");
          cx.Release(lock);
          cx.Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", unowned);
          return cx.Raise(Builtin::kExcRuntime, unowned, /*reported=*/true);
        default:
          break;
      }
      if (!wait) {
        switch (cx.Pc()) {
          case kNotifyWake: {  // while waiters and n > 0: release the oldest waiter
            int64_t n = cx.Slot(kArg).small_int();
            if (cx.Size(waiters) == 0 || n <= 0) return cx.Return(Value::None());
            if (!cx.Visible({})) return Flow::kYield;
            Value waiter = cx.Fields(waiters)[0];
            cx.Slot(kWaiter) = waiter;
            cx.Op("wake the oldest waiter");
            // An already released waiter raises RuntimeError, which notify ignores (gh-92530).
            if (cx.Release(waiter)) {
              cx.Slot(kArg) = Value::SmallInt(n - 1);
              cx.Outcome("woke a waiter");
            } else {
              cx.Outcome("waiter already released");
            }
            cx.Pc() = kNotifyRemove;
            return Flow::kJumped;
          }
          case kNotifyRemove: {  // waiters.remove(waiter), ignoring ValueError
            if (!cx.Visible({})) return Flow::kYield;
            cx.Op("remove it from the waiters");
            RemoveWaiter(cx, waiters, cx.Slot(kWaiter));
            cx.Slot(kWaiter) = Value::None();
            cx.Pc() = kNotifyWake;
            return Flow::kJumped;
          }
        }
        return cx.InputError("internal error: bad resume point in Condition.notify");
      }
      switch (cx.Pc()) {
        case kWaitQueue: {  // a fresh waiter lock, taken at once, appended to the waiters
          if (!cx.Visible({})) return Flow::kYield;
          cx.Op("queue as a waiter");
          Value waiter = cx.NewLock(LockState{true, cx.Thread()});
          cx.Append(waiters, waiter);
          cx.PublishInto(waiters, waiter);  // the notifier releases it
          cx.Slot(kWaiter) = waiter;
          cx.Outcome("queued");
          cx.Pc() = kWaitRelease;
          return Flow::kJumped;
        }
        case kWaitRelease: {  // _release_save(): release the lock, all recursion levels of an RLock
          if (!cx.Visible({})) return Flow::kYield;
          cx.Op("release the lock");
          if (rlock) {
            Value* s = cx.Fields(lock);
            if (s[0].small_int() != cx.Thread()) {
              cx.Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", "cannot release un-acquired lock");
              return cx.Raise(Builtin::kExcRuntime, "cannot release un-acquired lock", true);
            }
            cx.Slot(kSaved) = s[1];
            s[0] = Value::SmallInt(-1);
            s[1] = Value::SmallInt(0);
          } else if (!cx.Release(lock)) {
            cx.Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", std::string(kReleaseUnlocked));
            return cx.Raise(Builtin::kExcRuntime, std::string(kReleaseUnlocked), true);
          }
          cx.Outcome("released");
          cx.Pc() = kWaitBlock;
          return Flow::kJumped;
        }
        case kWaitBlock: {  // block on the waiter lock until notified (or the timeout)
          Value timeout = cx.Slot(kArg);
          AcquireMode mode = timeout.is_none() ? AcquireMode::kBlocking
                             : cx.FloatOf(timeout) > 0 ? AcquireMode::kTimed
                                                    : AcquireMode::kNonBlocking;
          uint32_t choice = cx.GateAcquire(cx.Slot(kWaiter), mode);
          if (!choice) return Flow::kYield;
          cx.Op("wait to be notified");
          AcquireResult got = cx.Acquire(cx.Slot(kWaiter), mode, choice);
          if (got == AcquireResult::kParked) {
            cx.Outcome("parked on its waiter lock");
            return Flow::kYield;
          }
          cx.Slot(kResult) = Value::Bool(got == AcquireResult::kAcquired);
          cx.Outcome(got == AcquireResult::kAcquired ? "notified" : "timed out");
          cx.Pc() = kWaitReacquire;
          return Flow::kJumped;
        }
        case kWaitReacquire: {  // _acquire_restore(): take the lock back (blocking)
          uint32_t choice = cx.GateAcquire(lock, AcquireMode::kBlocking);
          if (!choice) return Flow::kYield;
          cx.Op("reacquire the lock");
          if (cx.Acquire(lock, AcquireMode::kBlocking, choice) == AcquireResult::kParked) {
            cx.Outcome("parked (the lock is held)");
            return Flow::kYield;
          }
          if (rlock) cx.Fields(lock)[1] = cx.Slot(kSaved);
          cx.Outcome("reacquired");
          if (cx.Slot(kResult).is_true()) return cx.Return(cx.Slot(kResult));
          cx.Pc() = kWaitLeave;
          return Flow::kJumped;
        }
        case kWaitLeave: {  // a timed-out waiter removes itself (a notify may have done it already)
          if (!cx.Visible({})) return Flow::kYield;
          cx.Op("leave the waiters");
          RemoveWaiter(cx, waiters, cx.Slot(kWaiter));
          cx.Outcome("returned False");
          return cx.Return(Value::Bool(false));
        }
      }
      return cx.InputError("internal error: bad resume point in Condition.wait");
    }

    default:
      break;
  }
  return cx.InputError("internal error: not a Condition routine");
}

Flow ConditionWaitForStep(RoutineContext& cx, Routine routine) {
  switch (routine) {
    case kCondWaitFor:
      switch (cx.Pc()) {
        case 0: {  // result = predicate()
          return cx.CallValue(cx.Slot(kArg));  // kNext (a builtin answered) or kJumped (a Python frame runs)
        }
        case 1: {
          Value result = cx.Pop();
          cx.Slot(kResult) = result;
          // A wait that timed out means the deadline has passed: give up with this value.
          if (cx.Truthy(result) || cx.Slot(kSaved).is_true()) return cx.Return(result);
          return cx.Start(kCondWait, {cx.Slot(kSelf), cx.Slot(kArg2)}, 0, ReturnAction::kPush);
        }
        case 2: {
          Value got = cx.Pop();
          cx.NoteTimedOut(cx.Slot(kArg2), got);
          cx.Pc() = 0;
          return Flow::kJumped;
        }
      }
      return cx.InputError("internal error: bad resume point in Condition.wait_for");

    default:
      break;
  }
  return cx.InputError("internal error: not Condition.wait_for");
}

}  // namespace lockcheck
