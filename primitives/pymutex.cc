#include "primitives/pymutex.h"

#include "absl/strings/str_cat.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

namespace {

int EntryThread(Value e) { return static_cast<int>(e.small_int() / 4); }
int EntryStatus(Value e) { return static_cast<int>(e.small_int() % 4); }
Value Entry(int thread, ParkStatus status) { return PyMutexQueueEntry(thread, status); }

}  // namespace

int PyMutexEntry(const Value* p, uint32_t size, int thread) {
  for (uint32_t i = kPyMutexQueue; i < size; ++i)
    if (EntryThread(p[i]) == thread) return static_cast<int>(i);
  return -1;
}

int PyMutexFirstParked(const Value* p, uint32_t size) {
  for (uint32_t i = kPyMutexQueue; i < size; ++i)
    if (EntryStatus(p[i]) == kParked) return static_cast<int>(i);
  return -1;
}

int64_t PyMutexBits(const Value* p) {
  return (p[kPyMutexHeld].small_int() != 0 ? kPyLocked : 0) |
         (p[kPyMutexHasParked].small_int() != 0 ? kPyHasParked : 0);
}

uint32_t PyMutexChoices(const Value* p, uint32_t size, int thread, uint8_t wait) {
  switch (wait) {
    case kWaitUnpark: {
      int e = PyMutexEntry(p, size, thread);
      return e < 0 || EntryStatus(p[e]) != kParked ? kChoiceProceed : 0;
    }
    case kWaitUnlock: {
      // mutex_unpark's should_be_fair: only when an unlock wakes a parked thread.
      bool wakes = PyMutexBits(p) == (kPyLocked | kPyHasParked) &&
                   PyMutexFirstParked(p, size) >= 0;
      return wakes ? kChoiceProceed | kChoiceTimeout : kChoiceProceed;
    }
  }
  return 0;
}

bool PyMutexTryLock(Value* p, int thread) {
  if (p[kPyMutexHeld].small_int() == 0) {
    p[kPyMutexHeld] = Value::SmallInt(int64_t{thread} + 1);
    return true;
  }
  p[kPyMutexHasParked] = Value::SmallInt(1);
  return false;
}

bool PyMutexUnlock(Value* p, uint32_t size, bool fair, int* woken) {
  *woken = -1;
  if (p[kPyMutexHeld].small_int() == 0) return false;  // "unlocking mutex that is not locked"
  int first = p[kPyMutexHasParked].small_int() != 0 ? PyMutexFirstParked(p, size) : -1;
  // The fast path (no waiters), or has-parked with nobody left (they timed out): the byte
  // becomes 0 (mutex_unpark with no entry).
  if (first < 0) {
    p[kPyMutexHeld] = Value::SmallInt(0);
    p[kPyMutexHasParked] = Value::SmallInt(0);
    return true;
  }
  // _PyParkingLot_Unpark dequeues the oldest parked thread and calls mutex_unpark with
  // has_more_waiters, under the bucket lock: one step.
  *woken = EntryThread(p[first]);
  bool more = false;
  for (uint32_t i = static_cast<uint32_t>(first) + 1; i < size; ++i)
    more |= EntryStatus(p[i]) == kParked;
  p[first] = Entry(*woken, fair ? kHandedOff : kWoken);
  p[kPyMutexHeld] = Value::SmallInt(fair ? int64_t{*woken} + 1 : 0);
  p[kPyMutexHasParked] = Value::SmallInt(more ? 1 : 0);
  return true;
}

uint32_t PyMutexWaitChoices(const Machine& m, int t, Value mutex, uint8_t wait) {
  return PyMutexChoices(m.payload(mutex), m.size(mutex), t, wait);
}

int32_t PyMutexHolder(const Machine& m, int t, Value mutex, uint8_t wait) {
  return static_cast<int32_t>(m.payload(mutex)[kPyMutexHeld].small_int() - 1);
}

namespace {

// The PyMutex argument of a C API function: TypeError for anything else (where C would crash).
Flow MutexArg(RoutineContext& cx, absl::string_view fn, const Value* args, size_t nargs,
              size_t nkw, Value* mutex) {
  if (nkw > 0) return cx.Raise(Builtin::kExcType, absl::StrCat(fn, "() takes no keyword arguments"));
  if (nargs != 1 || !cx.IsType(args[0], ObjType::kPyMutex)) {
    return cx.Raise(Builtin::kExcType,
                    absl::StrCat(fn, "() takes one PyMutex (got ",
                                 nargs == 1 ? cx.TypeName(args[0]) : absl::StrCat(nargs, " arguments"),
                                 ")"));
  }
  *mutex = args[0];
  return Flow::kNext;
}

// _PyMutex_LockTimed's loop, from one attempt: take the mutex if its locked bit is clear
// (barging past parked threads), else set the has-parked bit and park at the queue's tail.
bool TryOrPark(RoutineContext& cx, Value mutex) {
  if (PyMutexTryLock(cx.Fields(mutex), cx.Thread())) return true;
  uint32_t n = cx.Size(mutex);
  cx.Resize(mutex, n + 1);
  cx.Fields(mutex)[n] = Entry(cx.Thread(), kParked);
  return false;
}

Flow Lock(RoutineContext& cx, Value mutex) {
  int e = PyMutexEntry(cx.Fields(mutex), cx.Size(mutex), cx.Thread());
  if (e < 0) {  // the call's first attempt: the fast path, or the slow path up to parking
    if (!cx.Visible({})) return Flow::kYield;
    bool got = TryOrPark(cx, mutex);
    cx.NoteParked(!got);
    cx.Outcome(got ? "acquired" : "parked (the mutex is locked)");
    return got ? Flow::kNext : cx.GateWait(mutex, kWaitUnpark) ? Flow::kNext : Flow::kYield;
  }
  // Parked: runs once an unlock woke it (_PyParkingLot_Park returned Py_PARK_OK).
  if (!cx.GateWait(mutex, kWaitUnpark)) return Flow::kYield;
  Value* p = cx.Fields(mutex);
  int status = EntryStatus(p[e]);
  cx.Erase(mutex, static_cast<uint32_t>(e));
  if (status == kHandedOff) {  // entry.handed_off: we own the lock now
    cx.NoteParked(false);
    cx.Op("woken");
    cx.Outcome("handed the mutex: acquired");
    return Flow::kNext;
  }
  cx.Op("woken: retry");
  bool got = TryOrPark(cx, mutex);
  cx.NoteParked(!got);
  cx.Outcome(got ? "acquired" : "another thread took it first: parked again");
  return got || cx.GateWait(mutex, kWaitUnpark) ? Flow::kNext : Flow::kYield;
}

Flow Unlock(RoutineContext& cx, Value mutex) {
  uint32_t choice = cx.GateWait(mutex, kWaitUnlock);
  if (!choice) return Flow::kYield;
  // It waited longer than TIME_TO_BE_FAIR_NS: the step's timed outcome.
  int woken = -1;
  if (!PyMutexUnlock(cx.Fields(mutex), cx.Size(mutex), choice == kChoiceTimeout, &woken))
    return cx.FatalError(std::string(kPyMutexUnlockUnlocked));
  if (woken >= 0 && choice != kChoiceTimeout) cx.NoteWokeUnfairly(woken);
  if (cx.tracing()) {
    bool fair = woken >= 0 && cx.Fields(mutex)[kPyMutexHeld].small_int() != 0;
    cx.Outcome(woken < 0 ? "released"
               : fair    ? absl::StrCat("handed the mutex to ", cx.ThreadName(woken),
                                        " (it waited over 1 ms)")
                         : absl::StrCat("released; woke ", cx.ThreadName(woken)));
  }
  return Flow::kNext;
}

}  // namespace

uint32_t ParkingLockChoices(const Value* p, uint32_t size, int thread, AcquireMode mode) {
  if (PyMutexChoices(p, size, thread, kWaitUnpark)) return kChoiceProceed;
  return mode == AcquireMode::kTimed ? kChoiceTimeout : 0;  // parked
}

AcquireResult ParkingLockAcquire(RoutineContext& cx, Value lock, AcquireMode mode,
                                 uint32_t choice) {
  int e = PyMutexEntry(cx.Fields(lock), cx.Size(lock), cx.Thread());
  if (e >= 0) {  // parked: woken, handed the lock, or out of time (Py_PARK_TIMEOUT)
    int status = EntryStatus(cx.Fields(lock)[e]);
    cx.Erase(lock, static_cast<uint32_t>(e));
    cx.NoteParked(false);
    if (choice == kChoiceTimeout) return AcquireResult::kFailed;
    if (status == kHandedOff) return AcquireResult::kAcquired;
  }
  // The first attempt, or the retry of a woken thread: `if ((v & _Py_LOCKED) == 0)` grab it;
  // `if (timeout == 0) return PY_LOCK_FAILURE`, before the has-parked bit is set.
  if (mode == AcquireMode::kNonBlocking && cx.Fields(lock)[kPyMutexHeld].small_int() != 0)
    return AcquireResult::kFailed;
  bool got = TryOrPark(cx, lock);
  cx.NoteParked(!got);
  return got ? AcquireResult::kAcquired : AcquireResult::kParked;
}

bool ParkingLockRelease(RoutineContext& cx, Value lock, int* woken) {
  if (!PyMutexUnlock(cx.Fields(lock), cx.Size(lock), /*fair=*/false, woken)) return false;
  if (*woken >= 0) cx.NoteWokeUnfairly(*woken);
  return true;
}

Flow PyMutexFunction(RoutineContext& cx, Builtin fn, const Value* args, size_t nargs,
                     const Value* kwnames, size_t nkw, size_t below, Value* result) {
  *result = Value::None();
  if (fn == Builtin::kPyMutexType) {
    if (nargs > 0) return cx.Raise(Builtin::kExcType, "PyMutex() takes no arguments");
    *result = cx.NewObject(ObjType::kPyMutex, kPyMutexQueue);
    cx.Fields(*result)[kPyMutexHeld] = Value::SmallInt(0);
    cx.Fields(*result)[kPyMutexHasParked] = Value::SmallInt(0);
    return Flow::kNext;
  }
  Value mutex;
  Flow f = MutexArg(cx, BuiltinShortName(fn), args, nargs, nkw, &mutex);
  if (f != Flow::kNext) return f;
  switch (fn) {
    case Builtin::kPyMutexLock: return Lock(cx, mutex);
    case Builtin::kPyMutexUnlock: return Unlock(cx, mutex);
    case Builtin::kPyMutexIsLocked:
      if (!cx.Visible({})) return Flow::kYield;
      *result = Value::Bool(cx.Fields(mutex)[kPyMutexHeld].small_int() != 0);
      cx.Outcome(result->is_true() ? "returned True" : "returned False");
      return Flow::kNext;
    default:
      return cx.InputError("internal error: not a PyMutex function");
  }
}

}  // namespace lockcheck
