// The native routines' numbers and frame layout (natives.cc), for the layers that look into a
// routine's frame: the partial-order reduction reads a Condition.wait or notify frame's resume
// point and locals (checker/por.cc).
#ifndef LOCKCHECK_SCENARIOS_VM_NATIVES_H_
#define LOCKCHECK_SCENARIOS_VM_NATIVES_H_

#include <cstdint>

#include "scenarios/vm/machine.h"

namespace lockcheck::native {

// A routine runs in a frame whose code is kNativeBase + its Routine.
enum Routine : int {
  kCondWait, kCondNotify, kCondWaitFor, kEventSet, kEventClear, kEventWait, kSemAcquire,
  kSemRelease, kBarrierWait, kBarrierReset, kBarrierAbort, kQueuePut, kQueueGet, kQueueTaskDone,
  kQueueJoin, kQueueQuery
};
constexpr int32_t CodeOf(Routine r) { return kNativeBase + r; }

// Resume points (frame pc) of Condition.wait and Condition.notify, one visible step each. Both
// start with the ownership check; then wait queues, releases, blocks, reacquires and (timed
// out) leaves the waiters, and notify wakes and removes waiters in turn.
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

// Local slots of a native frame.
constexpr int kSlots = 7;
constexpr int kSelf = 0;      // the Condition or Event
constexpr int kArg = 1;       // timeout / n / predicate
constexpr int kArg2 = 2;      // wait_for: timeout
constexpr int kWaiter = 3;    // wait: this waiter's lock; notify: the waiter being released
constexpr int kSaved = 4;     // wait: the RLock recursion count saved by _release_save
constexpr int kResult = 5;    // wait: gotit; wait_for: the last predicate value; Event: signaled
constexpr int kAction = 6;    // ReturnAction

}  // namespace lockcheck::native

#endif  // LOCKCHECK_SCENARIOS_VM_NATIVES_H_
