// Native routines: primitive methods with several scheduling points (threading.Condition and
// threading.Event), written as resumable state machines that follow threading.py step by
// step (reference §1.2, §1.4). A routine runs in a frame of its own whose `pc` is the resume
// point and whose locals are kSlots values; each resume point performs at most one visible
// operation, so the checker can switch threads exactly where CPython can.
#include "absl/strings/str_cat.h"
#include "primitives/lock.h"
#include "primitives/rlock.h"
#include "scenarios/vm/exec.h"
#include "scenarios/vm/interpreter.h"
#include "scenarios/vm/natives.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines and slots are this file's vocabulary

bool Interpreter::NativeRunsCode(int32_t code) {
  int routine = code - kNativeBase;
  return routine == kCondWaitFor || routine == kBarrierWait;
}

namespace {

// Queue query kinds (kArg of kQueueQuery).
enum QueueQuery : int { kAskQsize, kAskEmpty, kAskFull };
// Errors a Queue routine raises after releasing its lock (kResult).
enum QueueError : int { kNoError, kRaiseFull, kRaiseEmpty, kRaiseNegativeTimeout, kRaiseTaskDone };

}  // namespace

std::vector<uint32_t> Interpreter::PrivateLocks(const Machine& m) const {
  std::vector<uint32_t> locks;
  auto add = [&](Value v) {
    if (m.Is(v, ObjType::kLock)) locks.push_back(v.payload());
  };
  for (uint32_t i = 0; i < m.objs.size(); ++i) {
    if (m.objs[i].type != ObjType::kCondition) continue;
    Value list = m.payload(i)[1];
    if (!list.is_obj()) continue;
    for (uint32_t k = 0; k < m.size(list); ++k) add(m.payload(list)[k]);
  }
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    for (const Frame& f : th.frames) {
      size_t slot = static_cast<size_t>(f.base) + kWaiter;
      if (f.code >= kNativeBase && slot < th.values.size()) add(th.values[slot]);
    }
  }
  return locks;
}

// _waiters.remove(waiter), ignoring ValueError: the first entry that is this very lock.
void Exec::RemoveWaiter(Value waiters, Value waiter) {
  for (uint32_t i = 0; i < m_.size(waiters); ++i) {
    if (m_.payload(waiters)[i] == waiter) {
      m_.Erase(waiters, i);
      return;
    }
  }
}

Value Exec::NewLockObject() {
  Value lock = m_.NewObject(ObjType::kLock, 1);
  m_.payload(lock)[0] = LockValue(LockState{});
  return lock;
}

Value Exec::NewCondition(Value lock) {
  Value waiters = m_.NewObject(ObjType::kList, 0);
  Value cond = m_.NewObject(ObjType::kCondition, 2);
  m_.payload(cond)[0] = lock;
  m_.payload(cond)[1] = waiters;
  return cond;
}

std::string Exec::SiteText(absl::string_view step) {
  return absl::StrCat(rt_.program.source->Slice(SiteSpan()), " [", step, "]");
}

void Exec::SetSiteOp(absl::string_view step) {
  if (tracing()) SetOp(SiteText(step));
}

bool Exec::EnterLock(Value lock, absl::string_view step) {
  uint32_t choice = GateAcquire(lock, AcquireMode::kBlocking);
  if (!choice) return false;
  SetSiteOp(step);
  DoAcquire(lock, AcquireMode::kBlocking, choice);
  Outcome("acquired");
  return true;
}

bool Exec::LeaveLock(Value lock, absl::string_view step) {
  if (!GateAlways()) return false;
  SetSiteOp(step);
  DoRelease(lock);
  Outcome("released");
  return true;
}

uint32_t Exec::GateAcquire(Value lock, AcquireMode mode) {
  bool rlock = m_.Is(lock, ObjType::kRLock);
  return Gate(Pending{rlock ? PendingKind::kRLockAcquire : PendingKind::kLockAcquire,
                      static_cast<uint8_t>(mode), lock});
}

bool Exec::DoAcquire(Value lock, AcquireMode mode, uint32_t choice) {
  Value* s = m_.payload(lock);
  if (m_.Is(lock, ObjType::kRLock)) {
    RLockState st = RLockOf(s);
    bool ok = RLockAcquire(st, tid_, mode, choice);
    SetRLock(s, st);
    return ok;
  }
  LockState st = LockOf(s);
  bool ok = LockAcquire(st, tid_, mode, choice);
  s[0] = LockValue(st);
  return ok;
}

bool Exec::DoRelease(Value lock) {
  Value* s = m_.payload(lock);
  if (m_.Is(lock, ObjType::kRLock)) {
    RLockState st = RLockOf(s);
    bool ok = RLockRelease(st, tid_);
    SetRLock(s, st);
    return ok;
  }
  LockState st = LockOf(s);
  bool ok = LockRelease(st);
  s[0] = LockValue(st);
  return ok;
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

// ---- the Python faces --------------------------------------------------------------------

Flow Exec::WaitTimeout(const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
                       Value fallback, Value* timeout) {
  Value a[1];
  Flow f = Bind("wait", {"timeout"}, 0, args, nargs, kwnames, nkw, a);
  if (f != Flow::kNext) return f;
  *timeout = a[0].is_unbound() || a[0].is_none() ? fallback : a[0];
  if (!timeout->is_none() && !IsNumber(*timeout)) return TimeoutTypeError(*timeout);
  return Flow::kNext;
}

Flow Exec::ConditionMethod(Value self, Attr attr, const Value* args, size_t nargs,
                           const Value* kwnames, size_t nkw, size_t below, Value* result) {
  Value lock = m_.payload(self)[0];
  switch (attr) {
    case Attr::kAcquire:
    case Attr::kRelease:
    case Attr::kLocked:
    case Attr::kEnter:
    case Attr::kExit:
      // Condition.acquire is its lock's acquire, and so on (threading.py binds them).
      return LockMethod(lock, attr, args, nargs, kwnames, nkw, result);
    case Attr::kWait: {
      // A bad timeout: CPython raises after releasing the lock (inside the try); the model
      // checks it first (FIDELITY.md).
      Value timeout;
      Flow f = WaitTimeout(args, nargs, kwnames, nkw, Value::None(), &timeout);
      if (f != Flow::kNext) return f;
      return StartNative(kCondWait, {self, timeout}, nargs + below, ReturnAction::kPush);
    }
    case Attr::kWaitFor: {
      Value a[2];
      Flow f = Bind("wait_for", {"predicate", "timeout"}, 1, args, nargs, kwnames, nkw, a);
      if (f != Flow::kNext) return f;
      Value timeout = a[1].is_unbound() ? Value::None() : a[1];
      return StartNative(kCondWaitFor, {self, a[0], timeout}, nargs + below,
                         ReturnAction::kPush);
    }
    case Attr::kNotify:
    case Attr::kNotifyAll: {
      Value n = Value::SmallInt(1);
      if (attr == Attr::kNotify) {
        Value a[1];
        Flow f = Bind("notify", {"n"}, 0, args, nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
        if (!a[0].is_unbound()) {
          if (!IsInt(a[0]))
            return Raise(Builtin::kExcType, absl::StrCat("'>' not supported between instances of '",
                                                         TypeName(a[0]), "' and 'int'"));
          n = a[0];
        }
      } else {
        if (nargs > 0) return Raise(Builtin::kExcType, "notify_all() takes no arguments");
        // notify_all() is notify(len(self._waiters)): n is fixed at the call.
        n = Value::SmallInt(m_.size(m_.payload(self)[1]));
      }
      return StartNative(kCondNotify, {self, n}, nargs + below, ReturnAction::kPush);
    }
    default:
      return Raise(Builtin::kExcAttribute, "'Condition' object has no such attribute");
  }
}

Flow Exec::EventMethod(Value self, Attr attr, const Value* args, size_t nargs,
                       const Value* kwnames, size_t nkw, size_t below, Value* result) {
  switch (attr) {
    case Attr::kIsSet:
      if (nargs > 0) return Raise(Builtin::kExcType, "is_set() takes no arguments");
      if (!GateAlways()) return Flow::kYield;
      *result = m_.payload(self)[1];
      if (tracing()) Outcome(absl::StrCat("returned ", Repr(*result)));
      return Flow::kNext;
    case Attr::kSet:
    case Attr::kClear:
      if (nargs > 0) return Raise(Builtin::kExcType, "takes no arguments");
      return StartNative(attr == Attr::kSet ? kEventSet : kEventClear, {self}, nargs + below,
                         ReturnAction::kPush);
    case Attr::kWait: {
      Value timeout;
      Flow f = WaitTimeout(args, nargs, kwnames, nkw, Value::None(), &timeout);
      if (f != Flow::kNext) return f;
      return StartNative(kEventWait, {self, timeout}, nargs + below, ReturnAction::kPush);
    }
    default:
      return Raise(Builtin::kExcAttribute, "'Event' object has no such attribute");
  }
}

Exec::ReturnAction Exec::ActionForCallSite() {
  if (IsNative(F())) return ReturnAction::kPush;
  switch (C().instrs[F().pc].op) {
    case Opcode::kWithEnter: return ReturnAction::kWithEnter;
    case Opcode::kWithExit: return ReturnAction::kWithExit;
    case Opcode::kWithExcept: return ReturnAction::kWithExcept;
    default: return ReturnAction::kPush;
  }
}

Flow Exec::SemaphoreMethod(Value self, Attr attr, const Value* args, size_t nargs,
                           const Value* kwnames, size_t nkw, size_t below, Value* result) {
  switch (attr) {
    case Attr::kAcquire:
    case Attr::kEnter: {
      Value a[2] = {Value::Unbound(), Value::Unbound()};
      if (attr == Attr::kAcquire) {
        Flow f = Bind("acquire", {"blocking", "timeout"}, 0, args, nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
      }
      bool blocking = a[0].is_unbound() || Truthy(a[0]);
      Value timeout = a[1].is_unbound() ? Value::None() : a[1];
      // Checked before the lock is taken, as threading.py does.
      if (!blocking && !timeout.is_none())
        return Raise(Builtin::kExcValue, "can't specify timeout for non-blocking acquire");
      if (!timeout.is_none() && !IsNumber(timeout)) return TimeoutTypeError(timeout);
      return StartNative(kSemAcquire, {self, Value::Bool(blocking), timeout}, nargs + below,
                         ActionForCallSite());
    }
    case Attr::kRelease:
    case Attr::kExit: {
      Value n = Value::SmallInt(1);
      if (attr == Attr::kRelease) {
        Value a[1];
        Flow f = Bind("release", {"n"}, 0, args, nargs, kwnames, nkw, a);
        if (f != Flow::kNext) return f;
        if (!a[0].is_unbound()) n = a[0];
        if (!IsInt(n)) {
          return Raise(Builtin::kExcType, absl::StrCat("'<' not supported between instances of '",
                                                       TypeName(n), "' and 'int'"));
        }
        if (IntOf(n) < 1) return Raise(Builtin::kExcValue, "n must be one or more");
      }
      return StartNative(kSemRelease, {self, n}, nargs + below, ActionForCallSite());
    }
    default:
      return Raise(Builtin::kExcAttribute, "'Semaphore' object has no such attribute");
  }
}

Flow Exec::BarrierMethod(Value self, Attr attr, const Value* args, size_t nargs,
                         const Value* kwnames, size_t nkw, size_t below, Value* result) {
  const Value* p = m_.payload(self);
  switch (attr) {
    case Attr::kParties:
    case Attr::kNWaiting:
    case Attr::kBroken: {  // plain reads of the barrier's fields (no lock, as in CPython)
      if (!GateAlways()) return Flow::kYield;
      int64_t state = p[kBarrierState].small_int();
      if (attr == Attr::kParties) *result = p[kBarrierParties];
      else if (attr == Attr::kBroken) *result = Value::Bool(state == -2);
      else *result = state == 0 ? p[kBarrierCount] : Value::SmallInt(0);
      if (tracing()) Outcome(absl::StrCat("read ", Repr(*result)));
      return Flow::kNext;
    }
    case Attr::kWait: {
      Value timeout;
      Flow f = WaitTimeout(args, nargs, kwnames, nkw, p[kBarrierTimeout], &timeout);
      if (f != Flow::kNext) return f;
      return StartNative(kBarrierWait, {self, timeout}, nargs + below, ReturnAction::kPush);
    }
    case Attr::kReset:
    case Attr::kAbort:
      if (nargs > 0) return Raise(Builtin::kExcType, "takes no arguments");
      return StartNative(attr == Attr::kReset ? kBarrierReset : kBarrierAbort, {self},
                         nargs + below, ReturnAction::kPush);
    default:
      return Raise(Builtin::kExcAttribute, "'Barrier' object has no such attribute");
  }
}

Flow Exec::QueueMethod(Value self, Attr attr, const Value* args, size_t nargs,
                       const Value* kwnames, size_t nkw, size_t below, Value* result) {
  switch (attr) {
    case Attr::kPut:
    case Attr::kPutNowait:
    case Attr::kGet:
    case Attr::kGetNowait: {
      bool put = attr == Attr::kPut || attr == Attr::kPutNowait;
      bool nowait = attr == Attr::kPutNowait || attr == Attr::kGetNowait;
      Value a[3] = {Value::Unbound(), Value::Unbound(), Value::Unbound()};
      Flow f = put ? (nowait ? Bind("put_nowait", {"item"}, 1, args, nargs, kwnames, nkw, a)
                             : Bind("put", {"item", "block", "timeout"}, 1, args, nargs, kwnames,
                                    nkw, a))
                   : (nowait ? Bind("get_nowait", {}, 0, args, nargs, kwnames, nkw, a)
                             : Bind("get", {"block", "timeout"}, 0, args, nargs, kwnames, nkw,
                                    a + 1));
      if (f != Flow::kNext) return f;
      bool block = !nowait && (a[1].is_unbound() || Truthy(a[1]));
      Value timeout = a[2].is_unbound() ? Value::None() : a[2];
      if (!timeout.is_none() && !IsNumber(timeout)) {
        return Raise(Builtin::kExcType, absl::StrCat("'<' not supported between instances of '",
                                                     TypeName(timeout), "' and 'int'"));
      }
      return StartNative(put ? kQueuePut : kQueueGet,
                         {self, put ? a[0] : Value::None(), timeout, Value::None(),
                          Value::Bool(false), Value::SmallInt(block ? 1 : 0)},
                         nargs + below, ReturnAction::kPush);
    }
    case Attr::kTaskDone:
    case Attr::kJoin:
      if (nargs > 0) return Raise(Builtin::kExcType, "takes no arguments");
      return StartNative(attr == Attr::kTaskDone ? kQueueTaskDone : kQueueJoin, {self},
                         nargs + below, ReturnAction::kPush);
    case Attr::kQsize:
    case Attr::kEmpty:
    case Attr::kFull: {
      if (nargs > 0) return Raise(Builtin::kExcType, "takes no arguments");
      int ask = attr == Attr::kQsize ? kAskQsize : attr == Attr::kEmpty ? kAskEmpty : kAskFull;
      return StartNative(kQueueQuery, {self, Value::SmallInt(ask)}, nargs + below,
                         ReturnAction::kPush);
    }
    default:
      return Raise(Builtin::kExcAttribute, "'Queue' object has no such attribute");
  }
}

void Exec::NativeUnwind(const Frame& f) {
  // Only while the action runs (resume point 3): the barrier's own BrokenBarrierError is
  // raised after its cleanup, with the lock released.
  if (f.code - kNativeBase != kBarrierWait || f.pc != 3) return;
  // The action raised in Barrier._release: `except: self._break(); raise`, then wait()'s
  // `finally: self._count -= 1; self._exit()`, then the `with` releases the lock. Done at once
  // here (a departure: CPython's notify_all and release are separate steps).
  Value barrier = S()[f.base + kSelf];
  Value* p = m_.payload(barrier);
  Value cond = p[kBarrierCond];
  p[kBarrierState] = Value::SmallInt(-2);
  p[kBarrierCount] = Value::SmallInt(p[kBarrierCount].small_int() - 1);
  Value waiters = m_.payload(cond)[1];
  for (uint32_t i = 0; i < m_.size(waiters); ++i) DoRelease(m_.payload(waiters)[i]);
  m_.Resize(waiters, 0);
  DoRelease(m_.payload(cond)[0]);
}

// ---- the routines ------------------------------------------------------------------------

Flow Exec::ExecuteNative() {
  int routine = F().code - kNativeBase;
  // Slots are re-read on every use: anything that pushes can move the stack.
  auto local = [&](int slot) -> Value& { return S()[F().base + slot]; };

  switch (routine) {
    case kCondWait:
    case kCondNotify: {
      Value cond = local(kSelf);
      Value lock = m_.payload(cond)[0];
      Value waiters = m_.payload(cond)[1];
      bool rlock = m_.Is(lock, ObjType::kRLock);
      bool wait = routine == kCondWait;
      const char* unowned = wait ? "cannot wait on un-acquired lock"
                                 : "cannot notify on un-acquired lock";
      switch (F().pc) {
        case kCondCheck: {  // _is_owned()
          if (rlock) {
            if (!GateAlways()) return Flow::kYield;
            SetSiteOp("is the lock owned?");
            if (m_.payload(lock)[0].small_int() != tid_) {
              Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", unowned);
              return Raise(Builtin::kExcRuntime, unowned, /*reported=*/true);
            }
            Outcome("owned");
            F().pc = wait ? kWaitQueue : kNotifyWake;
            return Flow::kJumped;
          }
          // A plain Lock: "owned" means held by anyone. The check tries to take it.
          uint32_t choice = GateAcquire(lock, AcquireMode::kNonBlocking);
          if (!choice) return Flow::kYield;
          SetSiteOp("is the lock owned? (try-acquire)");
          bool got = DoAcquire(lock, AcquireMode::kNonBlocking, choice);
          Outcome(got ? "acquired: not owned" : "failed: owned");
          F().pc = got ? kCondCheckFreed : wait ? kWaitQueue : kNotifyWake;
          return Flow::kJumped;
        }
        case kCondCheckFreed:  // it was free: give it back and complain
          if (!GateAlways()) return Flow::kYield;
          SetSiteOp("release after the check");
          DoRelease(lock);
          Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", unowned);
          return Raise(Builtin::kExcRuntime, unowned, /*reported=*/true);
        default:
          break;
      }
      if (!wait) {
        switch (F().pc) {
          case kNotifyWake: {  // while waiters and n > 0: release the oldest waiter
            int64_t n = local(kArg).small_int();
            if (m_.size(waiters) == 0 || n <= 0) return NativeReturn(Value::None());
            if (!GateAlways()) return Flow::kYield;
            Value waiter = m_.payload(waiters)[0];
            local(kWaiter) = waiter;
            SetSiteOp("wake the oldest waiter");
            // An already released waiter raises RuntimeError, which notify ignores (gh-92530).
            if (DoRelease(waiter)) {
              local(kArg) = Value::SmallInt(n - 1);
              Outcome("woke a waiter");
            } else {
              Outcome("waiter already released");
            }
            F().pc = kNotifyRemove;
            return Flow::kJumped;
          }
          case kNotifyRemove: {  // waiters.remove(waiter), ignoring ValueError
            if (!GateAlways()) return Flow::kYield;
            SetSiteOp("remove it from the waiters");
            RemoveWaiter(waiters, local(kWaiter));
            local(kWaiter) = Value::None();
            F().pc = kNotifyWake;
            return Flow::kJumped;
          }
        }
        return InputError("internal error: bad resume point in Condition.notify");
      }
      switch (F().pc) {
        case kWaitQueue: {  // a fresh waiter lock, taken at once, appended to the waiters
          if (!GateAlways()) return Flow::kYield;
          SetSiteOp("queue as a waiter");
          Value waiter = NewLockObject();
          m_.payload(waiter)[0] = LockValue(LockState{true, tid_});
          uint32_t n = m_.size(waiters);
          m_.Resize(waiters, n + 1);
          m_.payload(waiters)[n] = waiter;
          m_.PublishInto(waiters, waiter);  // the notifier releases it
          local(kWaiter) = waiter;
          Outcome("queued");
          F().pc = kWaitRelease;
          return Flow::kJumped;
        }
        case kWaitRelease: {  // _release_save(): release the lock, all recursion levels of an RLock
          if (!GateAlways()) return Flow::kYield;
          SetSiteOp("release the lock");
          if (rlock) {
            Value* s = m_.payload(lock);
            if (s[0].small_int() != tid_) {
              Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", "cannot release un-acquired lock");
              return Raise(Builtin::kExcRuntime, "cannot release un-acquired lock", true);
            }
            local(kSaved) = s[1];
            s[0] = Value::SmallInt(-1);
            s[1] = Value::SmallInt(0);
          } else if (!DoRelease(lock)) {
            Report(VmEvent::Kind::kUnlockNotHeld, "RuntimeError", std::string(kReleaseUnlocked));
            return Raise(Builtin::kExcRuntime, std::string(kReleaseUnlocked), true);
          }
          Outcome("released");
          F().pc = kWaitBlock;
          return Flow::kJumped;
        }
        case kWaitBlock: {  // block on the waiter lock until notified (or the timeout)
          Value timeout = local(kArg);
          AcquireMode mode = timeout.is_none() ? AcquireMode::kBlocking
                             : FloatOf(timeout) > 0 ? AcquireMode::kTimed
                                                    : AcquireMode::kNonBlocking;
          uint32_t choice = GateAcquire(local(kWaiter), mode);
          if (!choice) return Flow::kYield;
          SetSiteOp("wait to be notified");
          bool got = DoAcquire(local(kWaiter), mode, choice);
          local(kResult) = Value::Bool(got);
          Outcome(got ? "notified" : "timed out");
          F().pc = kWaitReacquire;
          return Flow::kJumped;
        }
        case kWaitReacquire: {  // _acquire_restore(): take the lock back (blocking)
          uint32_t choice = GateAcquire(lock, AcquireMode::kBlocking);
          if (!choice) return Flow::kYield;
          SetSiteOp("reacquire the lock");
          DoAcquire(lock, AcquireMode::kBlocking, choice);
          if (rlock) m_.payload(lock)[1] = local(kSaved);
          Outcome("reacquired");
          if (local(kResult).is_true()) return NativeReturn(local(kResult));
          F().pc = kWaitLeave;
          return Flow::kJumped;
        }
        case kWaitLeave: {  // a timed-out waiter removes itself (a notify may have done it already)
          if (!GateAlways()) return Flow::kYield;
          SetSiteOp("leave the waiters");
          RemoveWaiter(waiters, local(kWaiter));
          Outcome("returned False");
          return NativeReturn(Value::Bool(false));
        }
      }
      return InputError("internal error: bad resume point in Condition.wait");
    }

    case kCondWaitFor:
      switch (F().pc) {
        case 0: {  // result = predicate()
          size_t depth = S().size();
          Push(local(kArg));
          Flow fl = Call(0, nullptr, 0);
          if (fl == Flow::kYield) S().resize(depth);
          return fl;  // kNext (a builtin answered) or kJumped (a Python frame runs)
        }
        case 1: {
          Value result = Pop();
          local(kResult) = result;
          // A wait that timed out means the deadline has passed: give up with this value.
          if (Truthy(result) || local(kSaved).is_true()) return NativeReturn(result);
          return StartNative(kCondWait, {local(kSelf), local(kArg2)}, 0, ReturnAction::kPush);
        }
        case 2: {
          Value got = Pop();
          if (!local(kArg2).is_none() && !got.is_true()) local(kSaved) = Value::Bool(true);
          F().pc = 0;
          return Flow::kJumped;
        }
      }
      return InputError("internal error: bad resume point in Condition.wait_for");

    case kEventSet:
    case kEventClear:
    case kEventWait: {
      Value event = local(kSelf);
      Value cond = m_.payload(event)[0];
      Value lock = m_.payload(cond)[0];
      switch (F().pc) {
        case 0: {  // with self._cond:
          if (!EnterLock(lock, "acquire the event's lock")) return Flow::kYield;
          if (routine == kEventWait) {
            local(kResult) = m_.payload(event)[1];  // signaled = self._flag
            F().pc = local(kResult).is_true() ? 3 : 1;
            return Flow::kJumped;
          }
          m_.payload(event)[1] = Value::Bool(routine == kEventSet);
          if (routine == kEventClear) {
            F().pc = 3;
            return Flow::kJumped;
          }
          // self._cond.notify_all(); it returns to resume point 2.
          F().pc = 1;
          return StartNative(kCondNotify, {cond, Value::SmallInt(m_.size(m_.payload(cond)[1]))},
                             0, ReturnAction::kPush);
        }
        case 1:  // signaled = self._cond.wait(timeout); it returns to resume point 2.
          return StartNative(kCondWait, {cond, local(kArg)}, 0, ReturnAction::kPush);
        case 2: {  // the called routine's result
          Value v = Pop();
          if (routine == kEventWait) local(kResult) = v;
          F().pc = 3;
          return Flow::kJumped;
        }
        case 3: {  // leaving the with: release the lock
          if (!LeaveLock(lock, "release the event's lock")) return Flow::kYield;
          return NativeReturn(routine == kEventWait ? local(kResult) : Value::None());
        }
      }
      return InputError("internal error: bad resume point in Event");
    }

    case kSemAcquire:
    case kSemRelease: {
      // Slots: kArg = blocking (acquire) or n (release); kArg2 = timeout; kSaved = a timed
      // wait has timed out (acquire) or the release overflowed (BoundedSemaphore);
      // kResult = rc.
      Value sem = local(kSelf);
      Value cond = m_.payload(sem)[0];
      Value lock = m_.payload(cond)[0];
      switch (F().pc) {
        case 0: {  // with self._cond:
          if (!EnterLock(lock, "acquire the semaphore's lock")) return Flow::kYield;
          local(kResult) = Value::Bool(false);
          F().pc = routine == kSemAcquire ? 1 : 4;
          return Flow::kJumped;
        }
        case 1: {  // while self._value == 0: ... else: self._value -= 1; rc = True
          Value* p = m_.payload(sem);
          if (p[1].small_int() > 0) {
            p[1] = Value::SmallInt(p[1].small_int() - 1);
            local(kResult) = Value::Bool(true);
            F().pc = 3;
            return Flow::kJumped;
          }
          // Not blocking, or the deadline has passed (a timed wait timed out): give up.
          if (!local(kArg).is_true() || local(kSaved).is_true()) {
            F().pc = 3;
            return Flow::kJumped;
          }
          // self._cond.wait(timeout); it returns to resume point 2.
          return StartNative(kCondWait, {cond, local(kArg2)}, 0, ReturnAction::kPush);
        }
        case 2: {
          Value got = Pop();
          if (!local(kArg2).is_none() && !got.is_true()) local(kSaved) = Value::Bool(true);
          F().pc = 1;
          return Flow::kJumped;
        }
        case 3: {  // leaving the with: release the lock, return rc
          if (!GateAlways()) return Flow::kYield;
          SetSiteOp("release the semaphore's lock");
          DoRelease(lock);
          Outcome(local(kResult).is_true() ? "released: acquired a unit"
                                           : "released: returned False");
          return NativeReturn(local(kResult));
        }
        case 4: {  // release: bounded check, self._value += n, self._cond.notify(n)
          Value* p = m_.payload(sem);
          int64_t n = IntOf(local(kArg));
          int64_t initial = p[2].small_int();
          if (initial >= 0 && p[1].small_int() + n > initial) {
            local(kSaved) = Value::Bool(true);
            F().pc = 6;
            return Flow::kJumped;
          }
          p[1] = Value::SmallInt(p[1].small_int() + n);
          F().pc = 4;
          return StartNative(kCondNotify, {cond, Value::SmallInt(n)}, 0, ReturnAction::kPush);
        }
        case 5:  // notify's None
          Pop();
          F().pc = 6;
          return Flow::kJumped;
        case 6: {  // leaving the with (also on the error path)
          if (!LeaveLock(lock, "release the semaphore's lock")) return Flow::kYield;
          if (local(kSaved).is_true()) {
            const char* message = "Semaphore released too many times";
            Report(VmEvent::Kind::kUnlockNotHeld, "ValueError", message);
            return Raise(Builtin::kExcValue, message, /*reported=*/true);
          }
          return NativeReturn(Value::None());
        }
      }
      return InputError("internal error: bad resume point in Semaphore");
    }

    case kBarrierWait:
    case kBarrierReset:
    case kBarrierAbort: {
      // threading.Barrier (reference §1.5). Slots: kArg = timeout, kArg2 = index, kSaved = a
      // timed wait timed out, kResult = 1 when BrokenBarrierError is to be raised.
      Value barrier = local(kSelf);
      Value cond = m_.payload(barrier)[kBarrierCond];
      Value lock = m_.payload(cond)[0];
      auto field = [&](int slot) -> Value& { return m_.payload(local(kSelf))[slot]; };
      auto notify_all = [&](int resume) {
        F().pc = resume - 1;  // the notify returns to `resume`
        return StartNative(kCondNotify, {cond, Value::SmallInt(m_.size(m_.payload(cond)[1]))},
                           0, ReturnAction::kPush);
      };
      int pc = F().pc;
      if (pc == 0) {  // with self._cond:
        if (!EnterLock(lock, "acquire the barrier's lock")) return Flow::kYield;
        if (routine == kBarrierWait) {
          F().pc = 1;
          return Flow::kJumped;
        }
        if (routine == kBarrierAbort) {
          field(kBarrierState) = Value::SmallInt(-2);  // _break()
        } else if (field(kBarrierCount).small_int() > 0) {  // reset()
          int64_t state = field(kBarrierState).small_int();
          if (state == 0 || state == -2) field(kBarrierState) = Value::SmallInt(-1);
        } else {
          field(kBarrierState) = Value::SmallInt(0);
        }
        return notify_all(30);
      }
      if (routine != kBarrierWait) {
        if (pc == 30) {
          Pop();
          F().pc = 31;
          return Flow::kJumped;
        }
        if (!GateAlways()) return Flow::kYield;  // pc 31: leave the with
        SetSiteOp("release the barrier's lock");
        DoRelease(lock);
        Outcome("released");
        return NativeReturn(Value::None());
      }
      switch (pc) {
        case 1: {  // _enter(): block while the barrier drains or resets
          int64_t state = field(kBarrierState).small_int();
          if (state == -1 || state == 1) {
            return StartNative(kCondWait, {cond, Value::None()}, 0, ReturnAction::kPush);
          }
          if (state < 0) {  // broken: raise before counting in (no finally)
            local(kResult) = Value::SmallInt(1);
            F().pc = 15;
            return Flow::kJumped;
          }
          int64_t index = field(kBarrierCount).small_int();
          local(kArg2) = Value::SmallInt(index);
          field(kBarrierCount) = Value::SmallInt(index + 1);
          F().pc = index + 1 == field(kBarrierParties).small_int() ? 3 : 6;
          return Flow::kJumped;
        }
        case 2:  // (cond.wait's result)
          Pop();
          F().pc = 1;
          return Flow::kJumped;
        case 3: {  // _release(): the last to arrive runs the action
          Value action = field(kBarrierAction);
          if (action.is_none()) {
            Push(Value::None());
            F().pc = 4;
            return Flow::kJumped;
          }
          size_t depth = S().size();
          Push(action);
          Flow fl = Call(0, nullptr, 0);
          if (fl == Flow::kYield) S().resize(depth);
          return fl;  // returns to 4 with the action's result
        }
        case 4:
          Pop();
          field(kBarrierState) = Value::SmallInt(1);
          return notify_all(5);
        case 5:
          Pop();
          F().pc = 10;
          return Flow::kJumped;
        case 6: {  // _wait(): wait_for(lambda: self._state != 0, timeout)
          if (field(kBarrierState).small_int() != 0) {
            if (field(kBarrierState).small_int() < 0) local(kResult) = Value::SmallInt(1);
            F().pc = 10;
            return Flow::kJumped;
          }
          if (local(kSaved).is_true()) {  // timed out: _break(); raise BrokenBarrierError
            field(kBarrierState) = Value::SmallInt(-2);
            local(kResult) = Value::SmallInt(1);
            return notify_all(9);
          }
          return StartNative(kCondWait, {cond, local(kArg)}, 0, ReturnAction::kPush);
        }
        case 7: {
          Value got = Pop();
          if (!local(kArg).is_none() && !got.is_true()) local(kSaved) = Value::Bool(true);
          F().pc = 6;
          return Flow::kJumped;
        }
        case 9:
          Pop();
          F().pc = 10;
          return Flow::kJumped;
        case 10: {  // finally: self._count -= 1; self._exit()
          int64_t count = field(kBarrierCount).small_int() - 1;
          field(kBarrierCount) = Value::SmallInt(count);
          int64_t state = field(kBarrierState).small_int();
          if (count == 0 && (state == -1 || state == 1)) {
            field(kBarrierState) = Value::SmallInt(0);
            return notify_all(14);
          }
          F().pc = 15;
          return Flow::kJumped;
        }
        case 14:
          Pop();
          F().pc = 15;
          return Flow::kJumped;
        case 15: {  // leaving the with: release the lock; return the index or raise
          if (!GateAlways()) return Flow::kYield;
          SetSiteOp("release the barrier's lock");
          DoRelease(lock);
          if (local(kResult).is_small_int() && local(kResult).small_int() == 1) {
            return Raise(Builtin::kExcBrokenBarrier, "");
          }
          Outcome(absl::StrCat("released: returned ", local(kArg2).small_int()));
          return NativeReturn(local(kArg2));
        }
      }
      return InputError("internal error: bad resume point in Barrier");
    }

    case kQueuePut:
    case kQueueGet:
    case kQueueTaskDone:
    case kQueueJoin:
    case kQueueQuery: {
      // queue.Queue (Lib/queue.py): one mutex and three Conditions on it. Slots: kArg = item
      // (put) or the query; kArg2 = timeout; kWaiter = the item got; kSaved = a timed wait timed
      // out; kResult = block (1/0) until the end, then a QueueError to raise.
      Value* q = m_.payload(local(kSelf));
      Value mutex = q[kQueueMutex];
      Value items = q[kQueueItems];
      int64_t maxsize = q[kQueueMaxsize].small_int();
      uint32_t size = m_.size(items);
      auto leave_with = [&](int error) {
        local(kResult) = Value::SmallInt(error);
        F().pc = 9;
        return Flow::kJumped;
      };
      auto wait_on = [&](int slot, Value timeout) {
        return StartNative(kCondWait, {m_.payload(local(kSelf))[slot], timeout}, 0,
                           ReturnAction::kPush);
      };
      switch (F().pc) {
        case 0: {  // with self.<condition>: (all share the mutex)
          if (!EnterLock(mutex, "acquire the queue's lock")) return Flow::kYield;
          F().pc = 1;
          return Flow::kJumped;
        }
        case 1: {
          bool block = local(kResult).small_int() == 1;
          Value timeout = local(kArg2);
          if (routine == kQueueQuery) {
            int ask = static_cast<int>(local(kArg).small_int());
            local(kWaiter) = ask == kAskQsize ? Value::SmallInt(size)
                             : ask == kAskEmpty
                                 ? Value::Bool(size == 0)
                                 : Value::Bool(maxsize > 0 && static_cast<int64_t>(size) >= maxsize);
            return leave_with(kNoError);
          }
          if (routine == kQueueJoin) {  // while self.unfinished_tasks: all_tasks_done.wait()
            if (q[kQueueUnfinished].small_int() == 0) return leave_with(kNoError);
            return wait_on(kQueueAllTasksDone, Value::None());
          }
          if (routine == kQueueTaskDone) {
            int64_t unfinished = q[kQueueUnfinished].small_int() - 1;
            if (unfinished < 0) return leave_with(kRaiseTaskDone);
            q[kQueueUnfinished] = Value::SmallInt(unfinished);
            if (unfinished > 0) return leave_with(kNoError);
            F().pc = 7;  // notify_all returns to 8
            return StartNative(kCondNotify,
                               {q[kQueueAllTasksDone],
                                Value::SmallInt(m_.size(m_.payload(q[kQueueAllTasksDone])[1]))},
                               0, ReturnAction::kPush);
          }
          bool put = routine == kQueuePut;
          // `elif timeout < 0: raise ValueError` comes before any waiting (put: only when
          // the queue is bounded), whether or not the queue is full or empty.
          if ((!put || maxsize > 0) && block && !timeout.is_none() && FloatOf(timeout) < 0)
            return leave_with(kRaiseNegativeTimeout);
          bool must_wait = put ? (maxsize > 0 && static_cast<int64_t>(size) >= maxsize) : size == 0;
          if (put && maxsize <= 0) must_wait = false;  // unbounded: never waits, no checks
          if (must_wait) {
            if (!block) return leave_with(put ? kRaiseFull : kRaiseEmpty);
            if (!timeout.is_none()) {
              // remaining = endtime - time(); if remaining <= 0: raise. A zero timeout, or a
              // wait that timed out, means the deadline has passed.
              if (FloatOf(timeout) == 0 || local(kSaved).is_true())
                return leave_with(put ? kRaiseFull : kRaiseEmpty);
            }
            return wait_on(put ? kQueueNotFull : kQueueNotEmpty, timeout);  // returns to 2
          }
          // put: self._put(item); unfinished_tasks += 1; not_empty.notify()
          // get: item = self._get(); not_full.notify()
          if (put) {
            m_.Resize(items, size + 1);
            m_.payload(items)[size] = local(kArg);
            // A queue hands its items to other threads: whatever is put escapes (even into a
            // queue no other thread reaches yet, which changes nothing but is simplest).
            m_.Publish(local(kArg));
            q = m_.payload(local(kSelf));
            q[kQueueUnfinished] = Value::SmallInt(q[kQueueUnfinished].small_int() + 1);
          } else {
            local(kWaiter) = m_.payload(items)[0];
            m_.Erase(items, 0);
            q = m_.payload(local(kSelf));
          }
          F().pc = 3;  // the notify returns to 4
          return StartNative(kCondNotify, {q[put ? kQueueNotEmpty : kQueueNotFull],
                                           Value::SmallInt(1)},
                             0, ReturnAction::kPush);
        }
        case 2: {  // a wait returned
          Value got = Pop();
          if (!local(kArg2).is_none() && !got.is_true()) local(kSaved) = Value::Bool(true);
          F().pc = 1;
          return Flow::kJumped;
        }
        case 4:  // notify's None
        case 8:
          Pop();
          return leave_with(kNoError);
        case 9: {  // leaving the with: release the lock; return or raise
          if (!LeaveLock(mutex, "release the queue's lock")) return Flow::kYield;
          switch (local(kResult).small_int()) {
            case kRaiseFull: return Raise(Builtin::kExcFull, "");
            case kRaiseEmpty: return Raise(Builtin::kExcEmpty, "");
            case kRaiseNegativeTimeout:
              return Raise(Builtin::kExcValue, "'timeout' must be a non-negative number");
            case kRaiseTaskDone:
              return Raise(Builtin::kExcValue, "task_done() called too many times");
            default: break;
          }
          if (routine == kQueueGet || routine == kQueueQuery) return NativeReturn(local(kWaiter));
          return NativeReturn(Value::None());
        }
      }
      return InputError("internal error: bad resume point in Queue");
    }
  }
  return InputError("internal error: unknown native routine");
}

}  // namespace lockcheck
