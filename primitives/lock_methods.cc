#include "primitives/lock_methods.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "primitives/lock.h"
#include "primitives/rlock.h"

namespace lockcheck {

Flow ParseAcquire(RoutineContext& cx, const Value* args, size_t nargs, const Value* kwnames,
                  size_t nkw, AcquireMode* mode) {
  Value a[2];
  Flow f = cx.Bind("acquire", {"blocking", "timeout"}, 0, args, nargs, kwnames, nkw, a);
  if (f != Flow::kNext) return f;
  bool blocking = a[0].is_unbound() ? true : cx.Truthy(a[0]);
  double timeout = -1;
  if (!a[1].is_unbound()) {
    // _PyTime_FromSecondsObject: its errors come first.
    if (!cx.IsNumber(a[1])) return cx.TimeoutTypeError(a[1]);
    timeout = cx.FloatOf(a[1]);
    if (std::isnan(timeout)) return cx.Raise(Builtin::kExcValue, "Invalid value NaN (not a number)");
    // Seconds to nanoseconds must fit in PyTime_t (with CPython's rounding slack).
    if (std::fabs(timeout) * 1e9 > 9.3e18) {
      return cx.Raise(Builtin::kExcOverflow, cx.IsInt(a[1])
                                                 ? "timestamp too large to convert to C PyTime_t"
                                                 : "timestamp out of range for platform time_t");
    }
  }
  bool unset = timeout == -1;
  if (!blocking && !unset)
    return cx.Raise(Builtin::kExcValue, "can't specify a timeout for a non-blocking call");
  if (timeout < 0 && !unset)
    return cx.Raise(Builtin::kExcValue, "timeout value must be a non-negative number");
  if (blocking && !unset && timeout > kTimeoutMaxSeconds)
    return cx.Raise(Builtin::kExcOverflow, "timeout value is too large");
  if (!blocking || timeout == 0) *mode = AcquireMode::kNonBlocking;
  else if (unset) *mode = AcquireMode::kBlocking;
  else *mode = AcquireMode::kTimed;
  return Flow::kNext;
}

Flow LockMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                const Value* kwnames, size_t nkw, size_t /*below*/, Value* result) {
  const bool rlock = cx.IsRLock(self);
  // `with lock:` names the step as the method it calls.
  const bool via_with = cx.ActionForCallSite() != ReturnAction::kPush;
  auto with_op = [&](absl::string_view method) {
    if (via_with && cx.tracing()) cx.OpText(absl::StrCat(cx.SiteSource(), ".", method, "()"));
  };
  *result = Value::None();
  switch (attr) {
    case Attr::kAcquire:
    case Attr::kAcquireLock:
    case Attr::kEnter: {
      AcquireMode mode = AcquireMode::kBlocking;
      if (attr != Attr::kEnter) {
        Flow f = ParseAcquire(cx, args, nargs, kwnames, nkw, &mode);
        if (f != Flow::kNext) return f;
      }
      uint32_t choice = cx.GateAcquire(self, mode);
      if (!choice) return Flow::kYield;
      with_op("acquire");
      AcquireResult r = cx.Acquire(self, mode, choice);
      if (r == AcquireResult::kParked) {
        cx.Outcome("parked (the lock is held)");
        return Flow::kYield;  // the call runs again once the thread is woken
      }
      *result = Value::Bool(r == AcquireResult::kAcquired);
      cx.Outcome(r == AcquireResult::kAcquired ? "acquired"
                 : choice == kChoiceTimeout    ? "timed out: returned False"
                                               : "returned False");
      return Flow::kNext;
    }
    case Attr::kRelease:
    case Attr::kReleaseLock:
    case Attr::kExit: {
      if (attr != Attr::kExit && nargs > 0) {
        return cx.Raise(Builtin::kExcType,
                        absl::StrCat("release() takes no arguments (", nargs, " given)"));
      }
      if (!cx.GateRelease(self)) return Flow::kYield;
      with_op("release");
      int woken = -1;
      if (!cx.Release(self, &woken)) {
        std::string message(rlock ? kReleaseUnacquired : kReleaseUnlocked);
        cx.Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", message);
        return cx.Raise(Builtin::kExcRuntime, message, /*reported=*/true);
      }
      if (cx.tracing()) {
        cx.Outcome(woken < 0 ? std::string("released")
                             : absl::StrCat("released; woke ", cx.ThreadName(woken)));
      }
      return Flow::kNext;
    }
    case Attr::kLocked:
    case Attr::kLockedLock: {
      if (!cx.Visible({})) return Flow::kYield;
      const Value* s = cx.Fields(self);
      *result = Value::Bool(rlock ? RLockOf(s).owner >= 0 : LockOf(s).locked);
      if (cx.tracing()) cx.Outcome(absl::StrCat("returned ", cx.Repr(*result)));
      return Flow::kNext;
    }
    case Attr::kIsOwned:
    case Attr::kRecursionCount: {
      if (!cx.Visible({})) return Flow::kYield;
      RLockState st = RLockOf(cx.Fields(self));
      bool mine = st.owner == cx.Thread();
      *result = attr == Attr::kIsOwned ? Value::Bool(mine) : Value::SmallInt(mine ? st.count : 0);
      if (cx.tracing()) cx.Outcome(absl::StrCat("returned ", cx.Repr(*result)));
      return Flow::kNext;
    }
    default:
      return cx.Raise(Builtin::kExcAttribute,
                      NoAttributeMessage(cx.IsRLock(self) ? "_thread.RLock" : "_thread.lock", attr));
  }
}

}  // namespace lockcheck
