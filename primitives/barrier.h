// threading.Barrier (Lib/threading.py): a Condition on a plain Lock, the action, the default
// timeout, the parties, the state (0 filling, 1 draining, -1 resetting, -2 broken) and the
// count. wait() follows _enter, _release (the last party runs the action), _wait and _exit;
// reset() and abort() break or reset it and notify all.
#ifndef LOCKCHECK_PRIMITIVES_BARRIER_H_
#define LOCKCHECK_PRIMITIVES_BARRIER_H_

#include "primitives/routine.h"

namespace lockcheck {

Flow BarrierMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                   const Value* kwnames, size_t nkw, size_t below, Value* result);
Flow BarrierStep(RoutineContext& cx, native::Routine routine);
// An exception leaves a Barrier.wait routine (the top frame): undo what its `finally` would.
void BarrierUnwind(RoutineContext& cx);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_BARRIER_H_
