// threading.Condition (Lib/threading.py), step by step: wait(), notify(n), notify_all() and
// wait_for(predicate, timeout) as routines (routine.h).
//
// State (a kCondition object): the lock (a Lock or RLock) and the waiters, a list of waiter
// Locks, oldest first. wait() queues a fresh waiter lock, held, releases the lock (all
// recursion levels of an RLock, _release_save), blocks on the waiter lock until a notify
// releases it (or the timeout), reacquires the lock and, timed out, leaves the waiters.
// notify(n) releases the oldest n waiters' locks and removes them, one visible step each.
#ifndef LOCKCHECK_PRIMITIVES_CONDITION_H_
#define LOCKCHECK_PRIMITIVES_CONDITION_H_

#include <cstdint>
#include <vector>

#include "primitives/routine.h"

namespace lockcheck {

class Machine;

namespace native {

// Resume points (frame pc) of Condition.wait and Condition.notify, one visible step each. Both
// start with the ownership check; then wait queues, releases, blocks, reacquires and (timed
// out) leaves the waiters, and notify wakes and removes waiters in turn. The partial-order
// reduction reads them (checker/por.h).
enum CondPoint : int32_t {
  kCondCheck = 0,       // _is_owned(): a plain Lock is try-acquired
  kCondCheckFreed = 1,  // the try-acquire took it: give it back and raise
  kWaitQueue = 2,       // a fresh waiter lock, held, joins the waiters
  kWaitRelease = 3,     // _release_save()
  kWaitBlock = 4,       // block on the waiter lock until notified (or the timeout)
  kWaitReacquire = 5,   // _acquire_restore()
  kWaitLeave = 6,       // timed out: leave the waiters
  kNotifyWake = 2,      // release the oldest waiter's lock
  kNotifyRemove = 3,    // remove it from the waiters
};

}  // namespace native

Flow ConditionMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                     const Value* kwnames, size_t nkw, size_t below, Value* result);
// Condition.wait and Condition.notify.
Flow ConditionStep(RoutineContext& cx, native::Routine routine);
Flow ConditionWaitForStep(RoutineContext& cx, native::Routine routine);
// The waiter locks of every Condition in `m` (no scenario code can reach them).
void ConditionWaiterLocks(const Machine& m, std::vector<uint32_t>* locks);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_CONDITION_H_
