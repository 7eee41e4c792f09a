// lockcheck.capi.PyMutex: the one-byte mutex of CPython's C API, on its real algorithm
// (Python/lock.c, Python/parking_lot.c).
//
// State (a kPyMutex object, or a kLock under --profile cpython-3.13: a *parking lock*): the lock
// byte, as two words: the locked bit (_Py_LOCKED) with the thread that took the mutex, stored
// as holder + 1 while locked and 0 when free (a Lock's own word, so everything that reads a
// Lock reads a parking lock the same way), and the has-parked bit (_Py_HAS_PARKED); then the
// parking lot's queue for this mutex, oldest first, each entry a thread and whether it is still
// parked, was woken to retry, or was handed the mutex.
//
// PyMutex_Lock (_PyMutex_LockTimed with no timeout): one visible step tries the lock byte; a
// free mutex is taken whether or not threads are parked (barging); a locked one gets its
// has-parked bit set and the thread parks at the queue's tail. A parked thread runs again only
// once an unlock has woken it: handed the mutex, it owns it; otherwise it retries, and re-parks
// at the tail when another thread barged in first.
//
// PyMutex_Unlock (_PyMutex_TryUnlock): an unlocked mutex is the fatal error "unlocking mutex
// that is not locked" (the process ends). Without parked threads the byte becomes 0. With them
// the oldest parked thread is woken (_PyParkingLot_Unpark, FIFO) and mutex_unpark decides: if it
// has waited longer than TIME_TO_BE_FAIR_NS (1 ms) the mutex is handed off to it and stays
// locked, else it becomes free. There is no clock, so both are explored: the hand-off is the
// step's timed outcome (kChoiceTimeout), the free mutex its plain one.
#ifndef LOCKCHECK_PRIMITIVES_PYMUTEX_H_
#define LOCKCHECK_PRIMITIVES_PYMUTEX_H_

#include <cstdint>

#include "primitives/routine.h"

namespace lockcheck {

class Machine;

inline constexpr int64_t kPyLocked = 1;     // _Py_LOCKED
inline constexpr int64_t kPyHasParked = 2;  // _Py_HAS_PARKED
inline constexpr absl::string_view kPyMutexUnlockUnlocked =
    "PyMutex_Unlock: unlocking mutex that is not locked";

// Payload slots of a parking lock; the parked queue follows kPyMutexQueue.
enum PyMutexSlot : int {
  kPyMutexHeld,       // holder + 1 while locked (the _Py_LOCKED bit), 0 when free
  kPyMutexHasParked,  // 1 when the _Py_HAS_PARKED bit is set, else 0
  kPyMutexQueue,
};
// A queue entry is SmallInt(thread * 4 + status).
enum ParkStatus : int { kParked = 0, kWoken = 1, kHandedOff = 2 };
// Wait kinds of a PendingKind::kPrimitive on a PyMutex.
enum PyMutexWait : uint8_t {
  kWaitUnpark,  // parked: enabled once an unlock woke the thread
  kWaitUnlock,  // PyMutex_Unlock: two outcomes when it wakes a waiter (no hand-off / hand-off)
};

// The lock byte (kPyLocked | kPyHasParked) the two words stand for.
int64_t PyMutexBits(const Value* p);

// The pure algorithm, on the payload (unit-tested in pymutex_test.cc). `size` is the payload's
// length (2 + the queue's).
uint32_t PyMutexChoices(const Value* p, uint32_t size, int thread, uint8_t wait);
// One attempt of _PyMutex_LockTimed: takes a free mutex for `thread` (true), else sets the
// has-parked bit (the caller parks the thread at the queue's tail).
bool PyMutexTryLock(Value* p, int thread);
// _PyMutex_TryUnlock: false (and no change) when the mutex is not locked. Else wakes the oldest
// parked thread (*woken, -1 when none), handing it the mutex when `fair`.
bool PyMutexUnlock(Value* p, uint32_t size, bool fair, int* woken);
// Encodes a queue entry.
inline Value PyMutexQueueEntry(int thread, ParkStatus status) {
  return Value::SmallInt(int64_t{thread} * 4 + status);
}
// The thread `thread`'s queue entry, or -1.
int PyMutexEntry(const Value* p, uint32_t size, int thread);
// The oldest entry still parked, or -1.
int PyMutexFirstParked(const Value* p, uint32_t size);

// ---- threading.Lock under --profile cpython-3.13 ------------------------------------------
// `lockobject` holds a PyMutex (Modules/_threadmodule.c): acquire is _PyMutex_LockTimed with
// acquire()'s timeout, release is _PyMutex_TryUnlock (RuntimeError "release unlocked lock"
// where PyMutex_Unlock would be fatal). These are the PendingKind::kLockAcquire steps of a
// parking lock; the VM's DoAcquire / DoRelease run them.
//
// The choices of an acquire: a thread not parked tries (kChoiceProceed), a parked one waits
// to be woken, and one with a timeout may give up while parked (kChoiceTimeout).
uint32_t ParkingLockChoices(const Value* p, uint32_t size, int thread, AcquireMode mode);
// One step of an acquire: the first attempt (the fast path, or the slow path up to parking;
// a non-blocking one never parks: timeout 0 returns at once), or, once parked, the wake-up
// (handed the mutex, or a retry that may park again) or the timeout (the entry leaves the
// queue; the has-parked bit stays, as in _PyParkingLot_Park, and the next unlock clears it).
AcquireResult ParkingLockAcquire(RoutineContext& cx, Value lock, AcquireMode mode,
                                 uint32_t choice);
// An unlock: false (and no change) when not locked. Wakes the oldest parked thread (*woken,
// -1 when none) without handing it the lock; see FIDELITY.md for why the hand-off outcome
// adds no behaviour to a Lock.
bool ParkingLockRelease(RoutineContext& cx, Value lock, int* woken);

uint32_t PyMutexWaitChoices(const Machine& m, int t, Value mutex, uint8_t wait);
int32_t PyMutexHolder(const Machine& m, int t, Value mutex, uint8_t wait);

// The module functions: PyMutex(), PyMutex_Lock(m), PyMutex_Unlock(m), PyMutex_IsLocked(m).
// PyMutex_Lock needs no routine frame: a thread with an entry in the queue is parked, and its
// call runs again (from the parked state) when the thread is next scheduled.
Flow PyMutexFunction(RoutineContext& cx, Builtin fn, const Value* args, size_t nargs,
                     const Value* kwnames, size_t nkw, size_t below, Value* result);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_PYMUTEX_H_
