// The VM's side of the primitives: the routine context (primitives/routine.h) on an Exec, the
// frames native routines run in, and the dispatch through the primitives' table. Nothing here
// knows a primitive's algorithm.
#include "absl/strings/str_cat.h"
#include "primitives/condition.h"
#include "primitives/critical_section.h"
#include "primitives/lock.h"
#include "primitives/pymutex.h"
#include "primitives/rlock.h"
#include "primitives/routine.h"
#include "primitives/table.h"
#include "scenarios/vm/exec.h"
#include "scenarios/vm/interpreter.h"
#include "scenarios/vm/natives.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

bool Interpreter::NativeRunsCode(int32_t code) {
  return RoutineRowOf(code - kNativeBase).runs_code;
}

std::vector<uint32_t> Interpreter::PrivateLocks(const Machine& m) const {
  std::vector<uint32_t> locks;
  ConditionWaiterLocks(m, &locks);
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    for (const Frame& f : th.frames) {
      size_t slot = static_cast<size_t>(f.base) + kWaiter;
      if (f.code >= kNativeBase && slot < th.values.size() && m.Is(th.values[slot], ObjType::kLock))
        locks.push_back(th.values[slot].payload());
    }
  }
  return locks;
}

Value Exec::NewLockObject() {
  // Under cpython-3.13 a Lock is a PyMutex: the has-parked bit and the parking queue follow
  // the lock word (IsParkingLock).
  bool parking = rt_.profile == Profile::kCPython313;
  Value lock = m_.NewObject(ObjType::kLock, parking ? kPyMutexQueue : 1);
  m_.payload(lock)[0] = LockValue(LockState{});
  if (parking) m_.payload(lock)[kPyMutexHasParked] = Value::SmallInt(0);
  return lock;
}

Value Exec::NewCondition(Value lock) {
  Value waiters = m_.NewObject(ObjType::kList, 0);
  Value cond = m_.NewObject(ObjType::kCondition, 2);
  m_.payload(cond)[0] = lock;
  m_.payload(cond)[1] = waiters;
  return cond;
}

void Exec::SetSiteOp(absl::string_view step) {
  if (tracing()) SetOp(absl::StrCat(SliceSource(rt_.program, SiteSpan()), " [", step, "]"));
}

uint32_t Exec::GateAcquire(Value lock, AcquireMode mode) {
  bool rlock = m_.Is(lock, ObjType::kRLock);
  return Gate(Pending{rlock ? PendingKind::kRLockAcquire : PendingKind::kLockAcquire,
                      static_cast<uint8_t>(mode), lock});
}

Flow Exec::StartNative(int id, std::initializer_list<Value> locals, size_t drop,
                       ReturnAction action) {
  if (T().frames.size() >= static_cast<size_t>(rt_.limits.max_call_depth)) {
    if (rt_.limits.max_call_depth >= kCPythonRecursionLimit)
      return Raise(Builtin::kExcRecursion, "maximum recursion depth exceeded");
    return InputError(absl::StrCat("recursion too deep: more than ", rt_.limits.max_call_depth,
                                   " nested calls"));
  }
  Value slots[kSlots];
  for (Value& v : slots) v = Value::None();
  int i = 0;
  for (Value v : locals) slots[i++] = v;
  slots[kAction] = Value::SmallInt(static_cast<int>(action));
  S().resize(S().size() - drop);
  int32_t base = static_cast<int32_t>(S().size());
  T().frames.push_back({kNativeBase + id, 0, base});
  for (Value v : slots) Push(v);
  return Flow::kJumped;
}

Flow Exec::NativeReturn(Value result) {
  auto action = static_cast<ReturnAction>(S()[F().base + kAction].small_int());
  S().resize(F().base);
  T().frames.pop_back();
  switch (action) {
    case ReturnAction::kPush:
    case ReturnAction::kWithEnter:
      Push(result);
      break;
    case ReturnAction::kWithExit:
      Pop();  // the manager
      break;
    case ReturnAction::kWithExcept: {
      Value exc = Pop();
      Pop();  // the manager
      Push(exc);
      break;
    }
  }
  ++F().pc;
  return Flow::kJumped;
}

ReturnAction Exec::ActionForCallSite() {
  if (IsNative(F())) return ReturnAction::kPush;
  switch (C().instrs[F().pc].op) {
    case Opcode::kWithEnter: return ReturnAction::kWithEnter;
    case Opcode::kWithExit: return ReturnAction::kWithExit;
    case Opcode::kWithExcept: return ReturnAction::kWithExcept;
    default: return ReturnAction::kPush;
  }
}

// The routine context on an Exec: a routine's frame is the top frame of the running thread.
class ExecContext final : public RoutineContext {
 public:
  explicit ExecContext(Exec& x) : x_(x) {}

  Value& Slot(int slot) override { return x_.S()[x_.F().base + slot]; }
  int32_t& Pc() override { return x_.F().pc; }
  int Thread() const override { return x_.tid_; }

  Value* Fields(Value obj) override { return x_.m_.payload(obj); }
  uint32_t Size(Value obj) override { return x_.m_.size(obj); }
  void Append(Value list, Value item) override {
    uint32_t n = x_.m_.size(list);
    x_.m_.Resize(list, n + 1);
    x_.m_.payload(list)[n] = item;
  }
  void Erase(Value list, uint32_t index) override { x_.m_.Erase(list, index); }
  void Resize(Value list, uint32_t size) override { x_.m_.Resize(list, size); }
  void Publish(Value v) override { x_.m_.Publish(v); }
  void PublishInto(Value container, Value v) override { x_.m_.PublishInto(container, v); }
  Value NewList() override { return x_.m_.NewObject(ObjType::kList, 0); }
  Value NewObject(ObjType type, uint32_t size) override { return x_.m_.NewObject(type, size); }
  bool IsType(Value v, ObjType type) override { return x_.m_.Is(v, type); }
  Value NewLock(LockState state) override {
    Value lock = x_.NewLockObject();
    x_.m_.payload(lock)[0] = LockValue(state);
    return lock;
  }
  bool IsRLock(Value lock) override { return x_.m_.Is(lock, ObjType::kRLock); }
  const Machine& State() override { return x_.m_; }
  Value NewStr(absl::string_view text) override { return x_.MakeStr(text); }
  std::string StrText(Value s) override { return std::string(x_.StrOf(s)); }

  bool Visible(absl::string_view step) override {
    if (!x_.GateAlways()) return false;
    if (!step.empty()) x_.SetSiteOp(step);
    return true;
  }
  uint32_t GateAcquire(Value lock, AcquireMode mode) override { return x_.GateAcquire(lock, mode); }
  uint32_t GateWait(Value obj, uint8_t wait) override {
    return x_.Gate(Pending{PendingKind::kPrimitive, wait, obj});
  }
  void Op(absl::string_view step) override { x_.SetSiteOp(step); }
  void OpText(std::string text) override { x_.SetOp(std::move(text)); }
  std::string SiteSource() override {
    return std::string(SliceSource(x_.rt_.program, x_.SiteSpan()));
  }
  void Outcome(absl::string_view text) override {
    if (x_.tracing()) x_.Outcome(std::string(text));
  }
  bool tracing() const override { return x_.tracing(); }
  AcquireResult Acquire(Value lock, AcquireMode mode, uint32_t choice) override {
    return x_.DoAcquire(lock, mode, choice);
  }
  bool Release(Value lock, int* woken) override { return x_.DoRelease(lock, woken); }
  bool GateRelease(Value lock) override { return x_.GateAccess(Access::kRelease, lock) != 0; }
  void NoteWokeUnfairly(int thread) override {
    if (thread < 64) x_.out_.woke_unfairly |= uint64_t{1} << thread;
  }
  void NoteParked(bool parked) override { x_.out_.parked = parked; }

  Flow Start(Routine id, std::initializer_list<Value> locals, size_t drop,
             ReturnAction action) override {
    return x_.StartNative(id, locals, drop, action);
  }
  Flow Return(Value result) override { return x_.NativeReturn(result); }
  Flow CallValue(Value callable) override {
    size_t depth = x_.S().size();
    x_.Push(callable);
    Flow fl = x_.Call(0, nullptr, 0);
    if (fl == Flow::kYield) x_.S().resize(depth);
    return fl;
  }
  Value Pop() override { return x_.Pop(); }
  void Push(Value v) override { x_.Push(v); }
  ReturnAction ActionForCallSite() override { return x_.ActionForCallSite(); }

  Flow Raise(Builtin type, std::string message, bool reported) override {
    return x_.Raise(type, std::move(message), reported);
  }
  void Report(VmEvent::Kind kind, std::string type, std::string message) override {
    x_.Report(kind, std::move(type), std::move(message));
  }
  Flow InputError(std::string message) override { return x_.InputError(std::move(message)); }
  Flow FatalError(std::string message) override {
    x_.Outcome("Fatal Python error: the process aborts");
    x_.Report(VmEvent::Kind::kUnlockNotHeld, "Fatal Python error", std::move(message));
    for (int t = 0; t < x_.m_.num_threads; ++t) {
      ThreadRec& th = x_.m_.threads[t];
      th.finished = true;
      th.frames.clear();
      th.values.clear();
      th.pending = Pending{PendingKind::kDone, 0, Value::None()};
    }
    return Flow::kStop;
  }

  bool Truthy(Value v) override { return x_.Truthy(v); }
  bool IsNumber(Value v) override { return x_.IsNumber(v); }
  bool IsInt(Value v) override { return x_.IsInt(v); }
  int64_t IntOf(Value v) override { return x_.IntOf(v); }
  double FloatOf(Value v) override { return x_.FloatOf(v); }
  std::string TypeName(Value v) override { return x_.TypeName(v); }
  std::string Repr(Value v) override { return x_.Repr(v); }
  std::string ThreadName(int thread) override {
    return std::string(x_.StrOf(x_.m_.ThreadNameValue(thread)));
  }
  Flow Bind(absl::string_view fname, std::initializer_list<absl::string_view> params,
            size_t required, const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
            Value* out) override {
    return x_.Bind(fname, params, required, args, nargs, kwnames, nkw, out);
  }

 private:
  Exec& x_;
};

AcquireResult Exec::DoAcquire(Value lock, AcquireMode mode, uint32_t choice) {
  Value* s = m_.payload(lock);
  if (m_.Is(lock, ObjType::kRLock)) {
    RLockState st = RLockOf(s);
    bool ok = RLockAcquire(st, tid_, mode, choice);
    SetRLock(s, st);
    return ok ? AcquireResult::kAcquired : AcquireResult::kFailed;
  }
  if (IsParkingLock(m_, lock)) {
    ExecContext cx(*this);
    AcquireResult r = ParkingLockAcquire(cx, lock, mode, choice);
    // Parked: the step ends here, unless the thread runs alone (Gate), where a timed acquire
    // that nobody can wake times out at once.
    while (r == AcquireResult::kParked) {
      choice = GateAcquire(lock, mode);
      if (!choice) return r;
      r = ParkingLockAcquire(cx, lock, mode, choice);
    }
    return r;
  }
  LockState st = LockOf(s);
  bool ok = LockAcquire(st, tid_, mode, choice);
  s[0] = LockValue(st);
  return ok ? AcquireResult::kAcquired : AcquireResult::kFailed;
}

bool Exec::DoRelease(Value lock, int* woken) {
  *woken = -1;
  Value* s = m_.payload(lock);
  if (m_.Is(lock, ObjType::kRLock)) {
    RLockState st = RLockOf(s);
    bool ok = RLockRelease(st, tid_);
    SetRLock(s, st);
    return ok;
  }
  if (IsParkingLock(m_, lock)) {
    ExecContext cx(*this);
    return ParkingLockRelease(cx, lock, woken);
  }
  LockState st = LockOf(s);
  bool ok = LockRelease(st);
  s[0] = LockValue(st);
  return ok;
}

Flow Exec::ExecuteNative() {
  int routine = F().code - kNativeBase;
  if (routine < 0 || routine >= kNumRoutines)
    return InputError("internal error: unknown native routine");
  ExecContext cx(*this);
  return RoutineRowOf(routine).step(cx, static_cast<Routine>(routine));
}

void Exec::NativeUnwind(const Frame& f) {
  RoutineUnwindFn unwind = RoutineRowOf(f.code - kNativeBase).unwind;
  if (unwind == nullptr) return;
  ExecContext cx(*this);
  unwind(cx);
}

Flow Exec::PrimitiveMethod(Value self, Attr attr, const Value* args, size_t nargs,
                           const Value* kwnames, size_t nkw, size_t below, Value* result,
                           bool* handled) {
  PrimitiveMethodFn method = PrimitiveMethodOf(m_.type(self));
  *handled = method != nullptr;
  if (method == nullptr) return Flow::kNext;
  ExecContext cx(*this);
  return method(cx, self, attr, args, nargs, kwnames, nkw, below, result);
}

Exec::SectionAction Exec::SectionStep(const Pending& p) {
  Value top = CsTopMost(m_, tid_);
  if (!top.is_none() && m_.payload(top)[kCsState].small_int() == kCsSuspended) {
    const Pending& now = T().pending;
    bool resuming = now.kind == PendingKind::kPrimitive && now.mode == kWaitResume && now.obj == top;
    if (first_ && resuming) return SectionAction::kRun;
    if (first_) return SectionAction::kNone;  // the operation it waited in completes first
    Yield(Pending{PendingKind::kPrimitive, kWaitResume, top});
    return SectionAction::kYield;
  }
  if (!CsHoldsAny(m_, tid_) || (PendingChoices(m_, tid_, p) & kChoiceProceed))
    return SectionAction::kNone;
  if (first_) return SectionAction::kRun;  // Interpreter::Choices gave it the suspension
  Yield(p);
  return SectionAction::kYield;
}

void Exec::RunSectionStep(const Pending& p) {
  ExecContext cx(*this);
  Value top = CsTopMost(m_, tid_);
  if (!top.is_none() && m_.payload(top)[kCsState].small_int() == kCsSuspended) {
    CsResume(cx, top);
  } else {
    std::string text = CsSuspendAll(cx, m_);
    if (tracing()) Outcome(absl::StrCat(text, " (the thread would block here)"));
  }
  Yield(p);
}

void Exec::SleepDetaches() {
  ExecContext cx(*this);
  std::string text = CsSuspendAll(cx, m_);
  if (!text.empty() && tracing()) Outcome(absl::StrCat("slept; ", text));
}

Flow Exec::PrimitiveFunction(Builtin b, const Value* args, size_t nargs, const Value* kwnames,
                             size_t nkw, size_t below, Value* result, bool* handled) {
  PrimitiveFunctionFn call = PrimitiveFunctionOf(b);
  *handled = call != nullptr;
  if (call == nullptr) return Flow::kNext;
  ExecContext cx(*this);
  return call(cx, b, args, nargs, kwnames, nkw, below, result);
}

}  // namespace lockcheck
