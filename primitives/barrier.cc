#include "absl/strings/str_cat.h"
#include "primitives/barrier.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

Flow BarrierMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                         const Value* kwnames, size_t nkw, size_t below, Value* result) {
  const Value* p = cx.Fields(self);
  switch (attr) {
    case Attr::kParties:
    case Attr::kNWaiting:
    case Attr::kBroken: {  // plain reads of the barrier's fields (no lock, as in CPython)
      if (!cx.Visible({})) return Flow::kYield;
      int64_t state = p[kBarrierState].small_int();
      if (attr == Attr::kParties) *result = p[kBarrierParties];
      else if (attr == Attr::kBroken) *result = Value::Bool(state == -2);
      else *result = state == 0 ? p[kBarrierCount] : Value::SmallInt(0);
      if (cx.tracing()) cx.Outcome(absl::StrCat("read ", cx.Repr(*result)));
      return Flow::kNext;
    }
    case Attr::kWait: {
      Value timeout;
      Flow f = cx.WaitTimeout(args, nargs, kwnames, nkw, p[kBarrierTimeout], &timeout);
      if (f != Flow::kNext) return f;
      return cx.Start(kBarrierWait, {self, timeout}, nargs + below, ReturnAction::kPush);
    }
    case Attr::kReset:
    case Attr::kAbort:
      if (nargs > 0) return cx.Raise(Builtin::kExcType, "takes no arguments");
      return cx.Start(attr == Attr::kReset ? kBarrierReset : kBarrierAbort, {self},
                         nargs + below, ReturnAction::kPush);
    default:
      return cx.Raise(Builtin::kExcAttribute, NoAttributeMessage("Barrier", attr));
  }
}

void BarrierUnwind(RoutineContext& cx) {
  // Only while the action runs (resume point 3): the barrier's own BrokenBarrierError is
  // raised after its cleanup, with the lock released.
  if (cx.Pc() != 3) return;
  // The action raised in Barrier._release: `except: self._break(); raise`, then wait()'s
  // `finally: self._count -= 1; self._exit()`, then the `with` releases the lock. Done at once
  // here (a departure: CPython's notify_all and release are separate steps).
  Value* p = cx.Fields(cx.Slot(kSelf));
  Value cond = p[kBarrierCond];
  p[kBarrierState] = Value::SmallInt(-2);
  p[kBarrierCount] = Value::SmallInt(p[kBarrierCount].small_int() - 1);
  Value waiters = cx.Fields(cond)[1];
  for (uint32_t i = 0; i < cx.Size(waiters); ++i) cx.Release(cx.Fields(waiters)[i]);
  cx.Resize(waiters, 0);
  cx.Release(cx.Fields(cond)[0]);
}

Flow BarrierStep(RoutineContext& cx, Routine routine) {
  switch (routine) {
    case kBarrierWait:
    case kBarrierReset:
    case kBarrierAbort: {
      // threading.Barrier (reference §1.5). Slots: kArg = timeout, kArg2 = index, kSaved = a
      // timed wait timed out, kResult = 1 when BrokenBarrierError is to be raised.
      Value barrier = cx.Slot(kSelf);
      Value cond = cx.Fields(barrier)[kBarrierCond];
      Value lock = cx.Fields(cond)[0];
      auto field = [&](int slot) -> Value& { return cx.Fields(cx.Slot(kSelf))[slot]; };
      auto notify_all = [&](int resume) {
        cx.Pc() = resume - 1;  // the notify returns to `resume`
        return cx.NotifyAll(cond);
      };
      int pc = cx.Pc();
      if (pc == 0) {  // with self._cond:
        if (!cx.EnterLock(lock, "acquire the barrier's lock")) return Flow::kYield;
        if (routine == kBarrierWait) {
          cx.Pc() = 1;
          return Flow::kJumped;
        }
        if (routine == kBarrierAbort) {
          field(kBarrierState) = Value::SmallInt(-2);  // _break()
        } else if (field(kBarrierCount).small_int() > 0) {  // reset()
          int64_t state = field(kBarrierState).small_int();
          if (state == 0 || state == -2) field(kBarrierState) = Value::SmallInt(-1);
        } else {
          field(kBarrierState) = Value::SmallInt(0);
        }
        return notify_all(30);
      }
      if (routine != kBarrierWait) {
        if (pc == 30) {
          cx.Pop();
          cx.Pc() = 31;
          return Flow::kJumped;
        }
        if (!cx.Visible({})) return Flow::kYield;  // pc 31: leave the with
        cx.Op("release the barrier's lock");
        cx.Release(lock);
        cx.Outcome("released");
        return cx.Return(Value::None());
      }
      switch (pc) {
        case 1: {  // _enter(): block while the barrier drains or resets
          int64_t state = field(kBarrierState).small_int();
          if (state == -1 || state == 1) {
            return cx.Start(kCondWait, {cond, Value::None()}, 0, ReturnAction::kPush);
          }
          if (state < 0) {  // broken: raise before counting in (no finally)
            cx.Slot(kResult) = Value::SmallInt(1);
            cx.Pc() = 15;
            return Flow::kJumped;
          }
          int64_t index = field(kBarrierCount).small_int();
          cx.Slot(kArg2) = Value::SmallInt(index);
          field(kBarrierCount) = Value::SmallInt(index + 1);
          cx.Pc() = index + 1 == field(kBarrierParties).small_int() ? 3 : 6;
          return Flow::kJumped;
        }
        case 2:  // (cond.wait's result)
          cx.Pop();
          cx.Pc() = 1;
          return Flow::kJumped;
        case 3: {  // _release(): the last to arrive runs the action
          Value action = field(kBarrierAction);
          if (action.is_none()) {
            cx.Push(Value::None());
            cx.Pc() = 4;
            return Flow::kJumped;
          }
          return cx.CallValue(action);  // returns to 4 with the action's result
        }
        case 4:
          cx.Pop();
          field(kBarrierState) = Value::SmallInt(1);
          return notify_all(5);
        case 5:
          cx.Pop();
          cx.Pc() = 10;
          return Flow::kJumped;
        case 6: {  // _wait(): wait_for(lambda: self._state != 0, timeout)
          if (field(kBarrierState).small_int() != 0) {
            if (field(kBarrierState).small_int() < 0) cx.Slot(kResult) = Value::SmallInt(1);
            cx.Pc() = 10;
            return Flow::kJumped;
          }
          if (cx.Slot(kSaved).is_true()) {  // timed out: _break(); raise BrokenBarrierError
            field(kBarrierState) = Value::SmallInt(-2);
            cx.Slot(kResult) = Value::SmallInt(1);
            return notify_all(9);
          }
          return cx.Start(kCondWait, {cond, cx.Slot(kArg)}, 0, ReturnAction::kPush);
        }
        case 7: {
          Value got = cx.Pop();
          cx.NoteTimedOut(cx.Slot(kArg), got);
          cx.Pc() = 6;
          return Flow::kJumped;
        }
        case 9:
          cx.Pop();
          cx.Pc() = 10;
          return Flow::kJumped;
        case 10: {  // finally: self._count -= 1; self._exit()
          int64_t count = field(kBarrierCount).small_int() - 1;
          field(kBarrierCount) = Value::SmallInt(count);
          int64_t state = field(kBarrierState).small_int();
          if (count == 0 && (state == -1 || state == 1)) {
            field(kBarrierState) = Value::SmallInt(0);
            return notify_all(14);
          }
          cx.Pc() = 15;
          return Flow::kJumped;
        }
        case 14:
          cx.Pop();
          cx.Pc() = 15;
          return Flow::kJumped;
        case 15: {  // leaving the with: release the lock; return the index or raise
          if (!cx.Visible({})) return Flow::kYield;
          cx.Op("release the barrier's lock");
          cx.Release(lock);
          if (cx.Slot(kResult).is_small_int() && cx.Slot(kResult).small_int() == 1) {
            return cx.Raise(Builtin::kExcBrokenBarrier, "");
          }
          cx.Outcome(absl::StrCat("released: returned ", cx.Slot(kArg2).small_int()));
          return cx.Return(cx.Slot(kArg2));
        }
      }
      return cx.InputError("internal error: bad resume point in Barrier");
    }

    default:
      break;
  }
  return cx.InputError("internal error: not a Barrier routine");
}

}  // namespace lockcheck
