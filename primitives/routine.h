// The routine context: the small interface through which a primitive's algorithm runs inside
// the VM. Every primitive with more than one scheduling point (Condition, Semaphore, Event,
// Barrier, Queue, ...) is written in primitives/ as a resumable state machine, a *routine*,
// that follows CPython's source step by step. A routine runs in a frame of its own: `Pc()` is
// its resume point and `Slot(i)` its kSlots locals. Each resume point performs at most one
// visible operation (Visible, GateAcquire), so the checker can switch threads exactly where
// CPython can; a resume point that must wait returns kYield *before* any side effect and is run
// again, from scratch, when the thread is next scheduled.
//
// The VM (scenarios/vm/routine_context.cc) implements the context; it knows no primitive's
// algorithm. A new primitive is one file here plus one row of the table (primitives/table.cc).
#ifndef LOCKCHECK_PRIMITIVES_ROUTINE_H_
#define LOCKCHECK_PRIMITIVES_ROUTINE_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "primitives/lock.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/vm/machine.h"
#include "scenarios/vm/runtime.h"
#include "scenarios/vm/value.h"

namespace lockcheck {

// How an instruction handler (or a routine's resume point) left the thread.
enum class Flow {
  kNext,     // go on at pc + 1
  kJumped,   // pc was set
  kYield,    // stopped before a visible operation: the step ends
  kUnwound,  // an exception moved pc (or ended the thread)
  kStop,     // the thread ended, or the scenario cannot go on (input error)
};

// "'X' object cannot be interpreted as an integer or float", as PyTime says of a bad timeout.
std::string TimeoutTypeMessage(absl::string_view type_name);
// "'Queue' object has no attribute 'acquire'": CPython's AttributeError for a method the type
// lacks (`type_name` as CPython spells it: "_thread.lock", "Queue").
std::string NoAttributeMessage(absl::string_view type_name, Attr attr);

// How a routine's result reaches its caller.
enum class ReturnAction : int { kPush, kWithEnter, kWithExit, kWithExcept };

namespace native {

// The routines. A routine runs in a frame whose code is kNativeBase + its number; the table
// (primitives/table.cc) has one row per routine, in this order.
enum Routine : int {
  kCondWait, kCondNotify, kCondWaitFor, kEventSet, kEventClear, kEventWait, kSemAcquire,
  kSemRelease, kBarrierWait, kBarrierReset, kBarrierAbort, kQueuePut, kQueueGet, kQueueTaskDone,
  kQueueJoin, kQueueQuery, kQueueShutdown, kNumRoutines
};

// Local slots of a routine's frame.
constexpr int kSlots = 7;
constexpr int kSelf = 0;      // the primitive object
constexpr int kArg = 1;       // timeout / n / predicate / item
constexpr int kArg2 = 2;      // wait_for: timeout
constexpr int kWaiter = 3;    // wait: this waiter's lock; notify: the waiter being released
constexpr int kSaved = 4;     // wait: the RLock recursion count saved by _release_save
constexpr int kResult = 5;    // wait: gotit; wait_for: the last predicate value; Event: signaled
constexpr int kAction = 6;    // ReturnAction

}  // namespace native

class RoutineContext {
 public:
  virtual ~RoutineContext() = default;

  // ---- the routine's frame (routines only) -------------------------------------------------
  virtual Value& Slot(int slot) = 0;  // re-read after anything that pushes
  virtual int32_t& Pc() = 0;
  virtual int Thread() const = 0;     // the running thread's number

  // ---- the objects -------------------------------------------------------------------------
  virtual Value* Fields(Value obj) = 0;  // a primitive's fields (moved by any allocation)
  virtual uint32_t Size(Value obj) = 0;  // a list's length
  virtual void Append(Value list, Value item) = 0;
  virtual void Erase(Value list, uint32_t index) = 0;
  virtual void Resize(Value list, uint32_t size) = 0;
  virtual void Publish(Value v) = 0;                  // v is reachable by other threads now
  virtual void PublishInto(Value container, Value v) = 0;  // v is as shared as container
  virtual Value NewList() = 0;
  virtual Value NewObject(ObjType type, uint32_t size) = 0;
  virtual bool IsType(Value v, ObjType type) = 0;
  virtual Value NewLock(LockState state) = 0;
  virtual bool IsRLock(Value lock) = 0;
  virtual const Machine& State() = 0;  // the whole state, read only
  virtual Value NewStr(absl::string_view text) = 0;
  virtual std::string StrText(Value s) = 0;

  // ---- visible operations ------------------------------------------------------------------
  // A visible operation that cannot wait; false when the step must end before it. `step`
  // names it in traces ("" leaves the call site's text).
  virtual bool Visible(absl::string_view step) = 0;
  // The choice to acquire `lock` (a Lock or RLock) with, or 0 (the step ends before it).
  virtual uint32_t GateAcquire(Value lock, AcquireMode mode) = 0;
  // Blocks on primitive `obj` (PendingKind::kPrimitive, `wait` its wait kind): the choice the
  // step runs it with (the table's choices function decides), or 0 (the step ends before it).
  virtual uint32_t GateWait(Value obj, uint8_t wait) = 0;
  virtual void Op(absl::string_view step) = 0;  // names the operation that passed its gate
  virtual void OpText(std::string text) = 0;     // the same, replacing the call site's text
  virtual std::string SiteSource() = 0;          // the call site's source text
  virtual void Outcome(absl::string_view text) = 0;
  virtual bool tracing() const = 0;
  // Takes or releases a Lock or RLock (after its gate); Release is false as LockRelease. An
  // acquire that parks (kParked) has done its step: the resume point returns kYield and runs
  // again, from its gate, when the thread is next scheduled.
  virtual AcquireResult Acquire(Value lock, AcquireMode mode, uint32_t choice) = 0;
  // *woken: the thread a parking lock's release woke, or -1.
  virtual bool Release(Value lock, int* woken) = 0;
  bool Release(Value lock) {
    int woken;
    return Release(lock, &woken);
  }
  // The gate of a release of `lock` by a Lock or RLock method (a footprint of its own for the
  // reduction); false when the step must end before it.
  virtual bool GateRelease(Value lock) = 0;
  // PyMutex's parking, for the fairness of cycles (checker/cycles.h): an unlock woke `thread`
  // without handing it the mutex; the running thread parked (true) or left its parking (false).
  virtual void NoteWokeUnfairly(int thread) = 0;
  virtual void NoteParked(bool parked) = 0;

  // A resume point that takes (releases) `lock`, as the `with` of a threading.py method does.
  bool EnterLock(Value lock, absl::string_view step) {
    uint32_t choice = GateAcquire(lock, AcquireMode::kBlocking);
    if (!choice) return false;
    Op(step);
    if (Acquire(lock, AcquireMode::kBlocking, choice) == AcquireResult::kParked) {
      Outcome("parked (the lock is held)");
      return false;
    }
    Outcome("acquired");
    return true;
  }
  bool LeaveLock(Value lock, absl::string_view step) {
    if (!Visible(step)) return false;
    Release(lock);
    Outcome("released");
    return true;
  }

  // ---- calls -------------------------------------------------------------------------------
  // Starts routine `id` with `locals` (the rest of its slots None), dropping `drop` stack slots
  // of the call first. A routine started by a routine returns to the caller's Pc() + 1 with
  // its result on the stack (Pop it).
  virtual Flow Start(native::Routine id, std::initializer_list<Value> locals, size_t drop,
                     ReturnAction action) = 0;
  virtual Flow Return(Value result) = 0;  // ends the routine with its result
  // Calls `callable` with no arguments: kNext with the result on the stack (Pop it), or
  // kJumped (a Python frame runs and returns to Pc() + 1).
  virtual Flow CallValue(Value callable) = 0;
  virtual Value Pop() = 0;
  virtual void Push(Value v) = 0;
  // The action a routine started by the current instruction returns with (`with` or a call).
  virtual ReturnAction ActionForCallSite() = 0;

  // ---- errors ------------------------------------------------------------------------------
  virtual Flow Raise(Builtin type, std::string message, bool reported = false) = 0;
  virtual void Report(VmEvent::Kind kind, std::string type, std::string message) = 0;
  virtual Flow InputError(std::string message) = 0;
  // A fatal error (Py_FatalError): reported as an unlock of something not held, and the
  // process ends: every thread stops here.
  virtual Flow FatalError(std::string message) = 0;

  // ---- values and arguments ----------------------------------------------------------------
  virtual bool Truthy(Value v) = 0;
  virtual bool IsNumber(Value v) = 0;
  virtual bool IsInt(Value v) = 0;
  virtual int64_t IntOf(Value v) = 0;
  virtual double FloatOf(Value v) = 0;
  virtual std::string TypeName(Value v) = 0;
  virtual std::string Repr(Value v) = 0;
  virtual std::string ThreadName(int thread) = 0;
  // Binds a call's arguments to `params` (the first `required` required; a missing one is
  // Unbound in `out`), raising TypeError as CPython does.
  virtual Flow Bind(absl::string_view fname, std::initializer_list<absl::string_view> params,
                    size_t required, const Value* args, size_t nargs, const Value* kwnames,
                    size_t nkw, Value* out) = 0;

  // ---- helpers shared by the primitives (routine.cc) ----------------------------------------
  // TypeError("'X' object cannot be interpreted as an integer or float"), as PyTime does.
  Flow TimeoutTypeError(Value timeout);
  // The `timeout` argument of a wait (None: `fallback`), type-checked.
  Flow WaitTimeout(const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
                   Value fallback, Value* timeout);
  // A wait that returned `got` with a timeout `timeout` timed out: sets slot kSaved.
  void NoteTimedOut(Value timeout, Value got) {
    if (!timeout.is_none() && !got.is_true()) Slot(native::kSaved) = Value::Bool(true);
  }
  // cond.notify_all(): a Condition.notify routine for every current waiter.
  Flow NotifyAll(Value cond);
};

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_ROUTINE_H_
