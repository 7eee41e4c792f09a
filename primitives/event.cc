#include "absl/strings/str_cat.h"
#include "primitives/event.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

Flow EventMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                       const Value* kwnames, size_t nkw, size_t below, Value* result) {
  switch (attr) {
    case Attr::kIsSet:
      if (nargs > 0) return cx.Raise(Builtin::kExcType, "is_set() takes no arguments");
      if (!cx.Visible({})) return Flow::kYield;
      *result = cx.Fields(self)[1];
      if (cx.tracing()) cx.Outcome(absl::StrCat("returned ", cx.Repr(*result)));
      return Flow::kNext;
    case Attr::kSet:
    case Attr::kClear:
      if (nargs > 0) return cx.Raise(Builtin::kExcType, "takes no arguments");
      return cx.Start(attr == Attr::kSet ? kEventSet : kEventClear, {self}, nargs + below,
                         ReturnAction::kPush);
    case Attr::kWait: {
      Value timeout;
      Flow f = cx.WaitTimeout(args, nargs, kwnames, nkw, Value::None(), &timeout);
      if (f != Flow::kNext) return f;
      return cx.Start(kEventWait, {self, timeout}, nargs + below, ReturnAction::kPush);
    }
    default:
      return cx.Raise(Builtin::kExcAttribute, NoAttributeMessage("Event", attr));
  }
}
Flow EventStep(RoutineContext& cx, Routine routine) {
  switch (routine) {
    case kEventSet:
    case kEventClear:
    case kEventWait: {
      Value event = cx.Slot(kSelf);
      Value cond = cx.Fields(event)[0];
      Value lock = cx.Fields(cond)[0];
      switch (cx.Pc()) {
        case 0: {  // with self._cond:
          if (!cx.EnterLock(lock, "acquire the event's lock")) return Flow::kYield;
          if (routine == kEventWait) {
            cx.Slot(kResult) = cx.Fields(event)[1];  // signaled = self._flag
            cx.Pc() = cx.Slot(kResult).is_true() ? 3 : 1;
            return Flow::kJumped;
          }
          cx.Fields(event)[1] = Value::Bool(routine == kEventSet);
          if (routine == kEventClear) {
            cx.Pc() = 3;
            return Flow::kJumped;
          }
          // self._cond.notify_all(); it returns to resume point 2.
          cx.Pc() = 1;
          return cx.NotifyAll(cond);
        }
        case 1:  // signaled = self._cond.wait(timeout); it returns to resume point 2.
          return cx.Start(kCondWait, {cond, cx.Slot(kArg)}, 0, ReturnAction::kPush);
        case 2: {  // the called routine's result
          Value v = cx.Pop();
          if (routine == kEventWait) cx.Slot(kResult) = v;
          cx.Pc() = 3;
          return Flow::kJumped;
        }
        case 3: {  // leaving the with: release the lock
          if (!cx.LeaveLock(lock, "release the event's lock")) return Flow::kYield;
          return cx.Return(routine == kEventWait ? cx.Slot(kResult) : Value::None());
        }
      }
      return cx.InputError("internal error: bad resume point in Event");
    }

    default:
      break;
  }
  return cx.InputError("internal error: not an Event routine");
}

}  // namespace lockcheck
