// The methods of threading.Lock (`_thread.lock`) and threading.RLock (`_thread.RLock`):
// Modules/_threadmodule.c's argument parsing (lock_acquire_parse_args) and method tables, on
// the algorithms of lock.h, rlock.h and, for a Lock under --profile cpython-3.13, pymutex.h
// (the VM's Acquire and Release pick the algorithm by the object).
#ifndef LOCKCHECK_PRIMITIVES_LOCK_METHODS_H_
#define LOCKCHECK_PRIMITIVES_LOCK_METHODS_H_

#include "primitives/routine.h"

namespace lockcheck {

// acquire(blocking=True, timeout=-1)'s arguments, checked in CPython's order: how the call
// waits, or the exception it raises.
Flow ParseAcquire(RoutineContext& cx, const Value* args, size_t nargs, const Value* kwnames,
                  size_t nkw, AcquireMode* mode);

// acquire / acquire_lock / __enter__, release / release_lock / __exit__, locked /
// locked_lock, and RLock's _is_owned and _recursion_count. A Condition's acquire, release,
// locked, __enter__ and __exit__ are its lock's, through this too.
Flow LockMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                const Value* kwnames, size_t nkw, size_t below, Value* result);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_LOCK_METHODS_H_
