// threading.Semaphore and BoundedSemaphore (Lib/threading.py): a Condition on a plain Lock, a
// value and (bounded) the initial value. acquire(blocking, timeout) waits while the value is 0;
// release(n) adds n and notifies n waiters, or (bounded, past the initial value) raises
// ValueError("Semaphore released too many times") after releasing the lock.
#ifndef LOCKCHECK_PRIMITIVES_SEMAPHORE_H_
#define LOCKCHECK_PRIMITIVES_SEMAPHORE_H_

#include "primitives/routine.h"

namespace lockcheck {

Flow SemaphoreMethod(RoutineContext& cx, Value self, Attr attr, const Value* args,
                     size_t nargs, const Value* kwnames, size_t nkw, size_t below,
                     Value* result);
Flow SemaphoreStep(RoutineContext& cx, native::Routine routine);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_SEMAPHORE_H_
