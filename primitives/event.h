// threading.Event (Lib/threading.py): a Condition on a plain Lock and a flag. set() sets the
// flag and notifies all under the lock, clear() clears it, wait(timeout) waits on the Condition
// unless the flag is set and returns the flag; is_set() reads the flag without the lock.
#ifndef LOCKCHECK_PRIMITIVES_EVENT_H_
#define LOCKCHECK_PRIMITIVES_EVENT_H_

#include "primitives/routine.h"

namespace lockcheck {

Flow EventMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                 const Value* kwnames, size_t nkw, size_t below, Value* result);
Flow EventStep(RoutineContext& cx, native::Routine routine);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_EVENT_H_
