#include "absl/strings/str_cat.h"
#include "primitives/semaphore.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

Flow SemaphoreMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                           const Value* kwnames, size_t nkw, size_t below, Value* result) {
  switch (attr) {
    case Attr::kAcquire:
    case Attr::kEnter: {
      Value a[2] = {Value::Unbound(), Value::Unbound()};
      if (attr == Attr::kAcquire) {
        Flow f = cx.Bind("acquire", {"blocking", "timeout"}, 0, args, nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
      }
      bool blocking = a[0].is_unbound() || cx.Truthy(a[0]);
      Value timeout = a[1].is_unbound() ? Value::None() : a[1];
      // Checked before the lock is taken, as threading.py does.
      if (!blocking && !timeout.is_none())
        return cx.Raise(Builtin::kExcValue, "can't specify timeout for non-blocking acquire");
      if (!timeout.is_none() && !cx.IsNumber(timeout)) return cx.TimeoutTypeError(timeout);
      return cx.Start(kSemAcquire, {self, Value::Bool(blocking), timeout}, nargs + below,
                         cx.ActionForCallSite());
    }
    case Attr::kRelease:
    case Attr::kExit: {
      Value n = Value::SmallInt(1);
      if (attr == Attr::kRelease) {
        Value a[1];
        Flow f = cx.Bind("release", {"n"}, 0, args, nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
        if (!a[0].is_unbound()) n = a[0];
        if (!cx.IsInt(n)) {
          return cx.Raise(Builtin::kExcType, absl::StrCat("'<' not supported between instances of '",
                                                       cx.TypeName(n), "' and 'int'"));
        }
        if (cx.IntOf(n) < 1) return cx.Raise(Builtin::kExcValue, "n must be one or more");
      }
      return cx.Start(kSemRelease, {self, n}, nargs + below, cx.ActionForCallSite());
    }
    default:
      return cx.Raise(Builtin::kExcAttribute, NoAttributeMessage(cx.TypeName(self), attr));
  }
}

Flow SemaphoreStep(RoutineContext& cx, Routine routine) {
  switch (routine) {
    case kSemAcquire:
    case kSemRelease: {
      // Slots: kArg = blocking (acquire) or n (release); kArg2 = timeout; kSaved = a timed
      // wait has timed out (acquire) or the release overflowed (BoundedSemaphore);
      // kResult = rc.
      Value sem = cx.Slot(kSelf);
      Value cond = cx.Fields(sem)[0];
      Value lock = cx.Fields(cond)[0];
      switch (cx.Pc()) {
        case 0: {  // with self._cond:
          if (!cx.EnterLock(lock, "acquire the semaphore's lock")) return Flow::kYield;
          cx.Slot(kResult) = Value::Bool(false);
          cx.Pc() = routine == kSemAcquire ? 1 : 4;
          return Flow::kJumped;
        }
        case 1: {  // while self._value == 0: ... else: self._value -= 1; rc = True
          Value* p = cx.Fields(sem);
          if (p[1].small_int() > 0) {
            p[1] = Value::SmallInt(p[1].small_int() - 1);
            cx.Slot(kResult) = Value::Bool(true);
            cx.Pc() = 3;
            return Flow::kJumped;
          }
          // Not blocking, or the deadline has passed (a timed wait timed out): give up.
          if (!cx.Slot(kArg).is_true() || cx.Slot(kSaved).is_true()) {
            cx.Pc() = 3;
            return Flow::kJumped;
          }
          // self._cond.wait(timeout); it returns to resume point 2.
          return cx.Start(kCondWait, {cond, cx.Slot(kArg2)}, 0, ReturnAction::kPush);
        }
        case 2: {
          Value got = cx.Pop();
          cx.NoteTimedOut(cx.Slot(kArg2), got);
          cx.Pc() = 1;
          return Flow::kJumped;
        }
        case 3: {  // leaving the with: release the lock, return rc
          if (!cx.Visible({})) return Flow::kYield;
          cx.Op("release the semaphore's lock");
          cx.Release(lock);
          cx.Outcome(cx.Slot(kResult).is_true() ? "released: acquired a unit"
                                           : "released: returned False");
          return cx.Return(cx.Slot(kResult));
        }
        case 4: {  // release: bounded check, self._value += n, self._cond.notify(n)
          Value* p = cx.Fields(sem);
          int64_t n = cx.IntOf(cx.Slot(kArg));
          int64_t initial = p[2].small_int();
          if (initial >= 0 && p[1].small_int() + n > initial) {
            cx.Slot(kSaved) = Value::Bool(true);
            cx.Pc() = 6;
            return Flow::kJumped;
          }
          p[1] = Value::SmallInt(p[1].small_int() + n);
          cx.Pc() = 4;
          return cx.Start(kCondNotify, {cond, Value::SmallInt(n)}, 0, ReturnAction::kPush);
        }
        case 5:  // notify's None
          cx.Pop();
          cx.Pc() = 6;
          return Flow::kJumped;
        case 6: {  // leaving the with (also on the error path)
          if (!cx.LeaveLock(lock, "release the semaphore's lock")) return Flow::kYield;
          if (cx.Slot(kSaved).is_true()) {
            const char* message = "Semaphore released too many times";
            cx.Report(VmEvent::Kind::kUnlockNotHeld, "ValueError", message);
            return cx.Raise(Builtin::kExcValue, message, /*reported=*/true);
          }
          return cx.Return(Value::None());
        }
      }
      return cx.InputError("internal error: bad resume point in Semaphore");
    }

    default:
      break;
  }
  return cx.InputError("internal error: not a Semaphore routine");
}

}  // namespace lockcheck
