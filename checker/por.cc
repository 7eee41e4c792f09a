// Reduction's per-state decision (por.h): whether one thread's step may be taken alone, read
// off the facts por_facts.cc computed once per program.
#include "checker/por.h"

#include <algorithm>

#include "scenarios/lang/ast.h"
#include "scenarios/vm/interpreter.h"
#include "scenarios/vm/natives.h"

namespace lockcheck {

namespace {

// The Condition routines' frames this file reads (scenarios/vm/natives.h).
constexpr int32_t kCondWaitCode = native::CodeOf(native::kCondWait);
constexpr int32_t kCondNotifyCode = native::CodeOf(native::kCondNotify);
constexpr int32_t kSemAcquireCode = native::CodeOf(native::kSemAcquire);

// The routines of a primitive whose state no scenario code can reach but through its methods: a
// Semaphore's (its value, its Condition and that Condition's lock and waiters), an Event's (its
// flag and Condition) and a Queue's (its mutex, its three Conditions on it, its items and its
// counts). Each of their steps reads and writes that one object's fields.
bool PrivatePrimitiveRoutine(int32_t code) {
  switch (code - kNativeBase) {
    case native::kSemAcquire: case native::kSemRelease: case native::kEventSet:
    case native::kEventClear: case native::kEventWait: case native::kQueuePut:
    case native::kQueueGet: case native::kQueueTaskDone: case native::kQueueJoin:
    case native::kQueueQuery: case native::kQueueShutdown:
      return true;
    default: return false;
  }
}

// The lock under which every field of such a primitive is read and written (a Semaphore's
// Condition's lock, a Queue's mutex), or ~0u (an Event, whose is_set() reads its flag without
// its lock).
uint32_t OwnLock(const Machine& m, Value primitive) {
  if (m.Is(primitive, ObjType::kSemaphore)) return m.payload(m.payload(primitive)[0])[0].payload();
  if (m.Is(primitive, ObjType::kQueue)) return m.payload(primitive)[kQueueMutex].payload();
  return ~0u;
}

// The Semaphore, Event or Queue frame k of the thread runs a routine of (frame k a Condition
// routine that such a routine called counts as it), or None.
Value PrimitiveOfFrame(const ThreadRec& th, size_t k) {
  const Frame& f = th.frames[k];
  if (PrivatePrimitiveRoutine(f.code)) return th.values[f.base + native::kSelf];
  if ((f.code == kCondWaitCode || f.code == kCondNotifyCode) && k > 0 &&
      PrivatePrimitiveRoutine(th.frames[k - 1].code))
    return th.values[th.frames[k - 1].base + native::kSelf];
  return Value::None();
}

}  // namespace

bool Reduction::Sticky(const Machine& m, const Step& s, const ThreadRec& th,
                       bool* in_loop) const {
  *in_loop = false;
  for (size_t k = 0; k < th.frames.size(); ++k) {
    const Frame& f = th.frames[k];
    if (PrivatePrimitiveRoutine(f.code)) {
      // A Semaphore's or Event's routine goes round only through its Condition.wait, whose
      // reacquire is sticky; the Condition routine it called is judged as its own frame.
      if (k + 1 < th.frames.size()) {
        const int32_t above = th.frames[k + 1].code;
        if (k + 2 == th.frames.size() && (above == kCondWaitCode || above == kCondNotifyCode))
          continue;
        return true;
      }
      // The first step of a Semaphore.acquire() (taking the semaphore's lock) is what a loop
      // guarded by acquires goes through each time round: sticky inside such a loop.
      if (f.code == kSemAcquireCode && f.pc == 0) {
        for (size_t j = 0; j < k; ++j) {
          const Frame& below = th.frames[j];
          if (below.code < kNativeBase && !guards_[below.code][below.pc].empty()) return true;
        }
      }
      continue;
    }
    if (f.code >= kNativeBase) {
      if (k + 1 < th.frames.size()) return true;
      // Condition.notify releases and removes waiters: it cannot go round by itself. A
      // Condition.wait() goes through its reacquire, which stays sticky.
      if (f.code == kCondNotifyCode) continue;
      if (f.code == kCondWaitCode &&
          (f.pc == native::kCondCheck || f.pc == native::kWaitQueue ||
           f.pc == native::kWaitRelease ||
           (f.pc == native::kWaitBlock && th.values[f.base + native::kArg].is_none())))
        continue;
      return true;
    }
    // Inside a loop that no wait or acquire guards (or whose guard does not hold a Condition
    // or Semaphore in this state), the step is sticky only if it goes round (GoesRound).
    if (unguarded_[f.code][f.pc]) *in_loop = true;
    for (int32_t g : guards_[f.code][f.pc]) {
      const int32_t slot = g & ~(kAcquireGuard | kLocalRef);
      const Value v = g & kLocalRef ? RefsOf(m, s, th, f)[slot] : m.globals[slot];
      if (!m.Is(v, g & kAcquireGuard ? ObjType::kSemaphore : ObjType::kCondition)) *in_loop = true;
    }
  }
  return false;
}

bool Reduction::GoesRound(const Machine& m, const Transition& tr) const {
  // Reused by each thread: Reduce runs once for every new state.
  thread_local Machine trial;
  thread_local StepOutput out;
  trial = m;
  out.Clear();
  out.watched_jumps = &loop_jumps_;
  out.should_stop = [] { return std::string("loop"); };
  Interpreter(*runtime_).Step(trial, tr.thread, tr.choice, out);
  return out.took_watched_jump || !out.abandoned.empty();
}

bool Reduction::MayCycle(const Machine& m) const {
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    if (th.finished) continue;
    for (const Frame& f : th.frames) {
      if (f.code >= kNativeBase || unguarded_[f.code][f.pc] || !guards_[f.code][f.pc].empty())
        return true;
    }
  }
  return false;
}

const Reduction::Effects& Reduction::FrameEffects(const ThreadRec& th, size_t k, int cut) const {
  const Frame& f = th.frames[k];
  if (f.code >= kNativeBase) {
    if (!PrimitiveOfFrame(th, k).is_none()) return primitive_frame_;
    return Interpreter::NativeRunsCode(f.code) ? native_code_ : native_;
  }
  // A caller's frame resumes after its call, whose callee's frame is above it.
  const bool top = k + 1 == th.frames.size();
  if (cut < 0) return top ? from_[f.code][f.pc] : cont_[f.code][f.pc];
  return top ? cut_from_[cut][f.code][f.pc] : cut_cont_[cut][f.code][f.pc];
}

namespace {

// The Lock or RLock object a lock-like value stands for (a Condition: its lock), or ~0u.
uint32_t LockOfValue(const Machine& m, Value v) {
  if (m.Is(v, ObjType::kCondition)) v = m.payload(v)[0];
  if (m.Is(v, ObjType::kLock) || m.Is(v, ObjType::kRLock)) return v.payload();
  return ~0u;
}

// A Condition.wait() of the thread's top frame that has given up the Condition's lock and
// blocks (no timeout) on its waiter lock: the Condition's lock, or ~0u.
uint32_t ParkedOn(const Machine& m, const ThreadRec& th) {
  const Frame& f = th.frames.back();
  if (f.code != kCondWaitCode || f.pc < native::kWaitBlock) return ~0u;
  if (!th.values[f.base + native::kArg].is_none()) return ~0u;
  return LockOfValue(m, th.values[f.base + native::kSelf]);
}

// Whether a value on the thread's stacks is the lock or a Condition on it: the manager of a
// `with` it may be inside of, whose exit releases the lock whoever holds it.
// The manager of a `with` the thread waits to enter (on top of its stack) does not count: it
// releases only after acquiring.
bool Manages(const Machine& m, const ThreadRec& th, uint32_t lock) {
  size_t n = th.values.size();
  const Pending& p = th.pending;
  if (n > 0 && (p.kind == PendingKind::kLockAcquire || p.kind == PendingKind::kRLockAcquire) &&
      p.obj.is_obj() && p.obj.payload() == lock && th.frames.back().code < kNativeBase)
    --n;
  for (size_t i = 0; i < n; ++i) {
    if (th.values[i].is_obj() && LockOfValue(m, th.values[i]) == lock) return true;
  }
  return false;
}

}  // namespace

Reduction::FrameRefs Reduction::RefsOf(const Machine& m, const Step& s, const ThreadRec& th,
                                        const Frame& f) const {
  return FrameRefs{&m, th.values.data() + f.base, &attr_refs_[f.code],
                   program_->codes[f.code].local_names.size(), &s};
}

Value Reduction::FrameRefs::operator[](size_t l) const {
  if (l < nlocals) return locals[l];
  const AttrRef& ref = (*attrs)[l - nlocals];
  const Value obj = locals[ref.slot];
  if (!obj.is_obj()) return Value::None();
  const auto& building = s->constructing;
  if (std::find(building.begin(), building.end(), obj) != building.end()) return Value::None();
  Value dict = Value::None();
  if (m->Is(obj, ObjType::kInstance)) dict = m->payload(obj)[kInstDict];
  if (m->Is(obj, ObjType::kThread) && m->size(obj) > kThreadDict) dict = m->payload(obj)[kThreadDict];
  if (!m->Is(dict, ObjType::kDict)) return Value::None();
  const Value* d = m->payload(dict);
  for (uint32_t k = 0; k < m->size(dict); k += 2) {
    if (d[k] == ref.name) return d[k + 1];
  }
  return Value::None();
}

template <typename F>
bool Reduction::AnyFrame(const Machine& m, const Step& s, int u, const Held* held, int cut,
                         F f) const {
  const ThreadRec& th = m.threads[u];
  if (held != nullptr && ParkedOn(m, th) == held->lock) {
    return f(parked_, Value::None(), static_cast<const FrameRefs*>(nullptr));
  }
  for (size_t k = th.frames.size(); k-- > 0;) {
    const Frame& fr = th.frames[k];
    FrameRefs refs;
    if (fr.code < kNativeBase) refs = RefsOf(m, s, th, fr);
    if (f(FrameEffects(th, k, held != nullptr ? cut : -1), PrimitiveOfFrame(th, k),
          fr.code < kNativeBase ? &refs : nullptr))
      return true;
  }
  return false;
}

namespace {

// Calls f(slot) for each slot whose bit is set in `bits` (`words` words) until f returns true;
// returns whether it did.
template <typename F>
bool AnyBit(const uint64_t* bits, size_t words, F f) {
  for (size_t w = 0; w < words; ++w) {
    for (uint64_t b = bits[w]; b != 0; b &= b - 1) {
      if (f(w * 64 + static_cast<size_t>(__builtin_ctzll(b)))) return true;
    }
  }
  return false;
}

}  // namespace

uint32_t Reduction::FlagsOf(const Machine& m, const Effects& e, const Step& s,
                            const FrameRefs* refs) const {
  uint32_t f = e.flags;
  auto any = [&](int set) {
    const uint64_t* bits = &globals_[e.globals + set * words_];
    for (size_t w = 0; w < words_; ++w) {
      if (bits[w] & s.lock_like[w]) return true;
    }
    return false;
  };
  if (any(5)) f |= kAcquire;
  if (any(6)) f |= kLockProbe;
  if (any(7)) f |= kRelease | kForeignRelease;
  if ((f & kLocalPrimitive) && refs != nullptr) {
    auto lock_like = [&](size_t l) {
      const Value v = (*refs)[l];
      return !m.Is(v, ObjType::kSemaphore) && !m.Is(v, ObjType::kEvent);
    };
    if (AnyBit(LocalOps(e, 1), words_, lock_like)) f |= kAcquire;
    if (AnyBit(LocalOps(e, 2), words_, lock_like)) f |= kLockProbe;
    if (AnyBit(LocalOps(e, 3), words_, lock_like)) f |= kRelease | kForeignRelease;
  }
  return f;
}

bool Reduction::Conflicts(const Machine& m, const Step& s, const Effects& e, bool manager,
                          Value obj, const FrameRefs* refs) const {
  const uint32_t f = FlagsOf(m, e, s, refs);
  // Any step may end its thread: seen by whoever looks at threads without waiting for them.
  if (f & (kEverything | kThreadProbe)) return true;
  if (s.stable_read) return false;
  auto any_same = [&](const uint64_t* bits) {
    for (size_t w = 0; w < s.same.size(); ++w) {
      if (bits[w] & s.same[w]) return true;
    }
    return false;
  };
  switch (s.kind) {
    case Step::kPrimitive:
      // Holding a Semaphore's lock (see the file comment), t goes on alone.
      if (s.holds_lock) return false;
      // The primitive's fields are read and written only by its routines: another thread's
      // routine on it, a method call on any primitive or on a stable global holding it, or
      // the exit of a `with` on it (its manager is on that thread's stack: `manager`).
      if (f & kPrimitiveFrame) return obj == s.primitive;
      if ((f & kLocalPrimitive) && refs != nullptr &&
          AnyBit(LocalOps(e, 0), words_, [&](size_t l) {
            const Value v = (*refs)[l];
            return v == s.primitive || v.is_none();
          }))
        return true;
      // Only a Queue's methods start a Queue's routines; only a Semaphore's or Event's (or a
      // Condition's wait, on one of those) theirs.
      if (f & (m.Is(s.primitive, ObjType::kQueue) ? kQueueOp : kPrivateSync)) return true;
      return ((f & kManagerExit) && manager) || any_same(PrimitiveOps(e));
    case Step::kOwnedCheck: return false;  // only a release could change its outcome
    case Step::kNotifyWake:
    case Step::kNotifyRemove:
      // The waiter lock and the waiter list are the Condition's own: only its routines touch
      // them, apart from the waiters parked (blocking) on their own waiter locks, which can
      // only wait for the notify.
      return f & kCondition;
    case Step::kWaitRelease:  // as a `with` exit: only a look at the lock sees it
      return (f & (kLockProbe | kCondition)) || ((f & kRelease) && manager);
    case Step::kPending: break;
  }
  const int t = s.t;
  const Pending& p = m.threads[t].pending;
  auto global_bit = [&](const uint64_t* bits) {
    int64_t g = p.obj.small_int();
    return (bits[g / 64] >> (g % 64)) & 1;
  };
  switch (p.kind) {
    case PendingKind::kLockAcquire:
    case PendingKind::kRLockAcquire:
      if (static_cast<AcquireMode>(p.mode) != AcquireMode::kBlocking) return true;
      return f & kLockOps;
    case PendingKind::kJoin:
      // Enabled, so the thread joined has ended: nothing another thread does changes that.
      return static_cast<AcquireMode>(p.mode) != AcquireMode::kBlocking;
    case PendingKind::kDone: return true;
    case PendingKind::kPrimitive: return true;  // a PyMutex's parking: never reduced
    case PendingKind::kDraw: return true;  // several transitions: never a candidate
    case PendingKind::kAlways: break;
  }
  switch (static_cast<Access>(p.mode)) {
    case Access::kNone: return false;
    case Access::kGlobalRead: return global_bit(Writes(e));
    case Access::kGlobalWrite: return global_bit(Reads(e)) || global_bit(Writes(e));
    case Access::kRead: return (f & kWrite) || any_same(ContainerWrites(e));
    case Access::kWrite:
      return (f & (kRead | kWrite)) || any_same(ContainerReads(e)) ||
             any_same(ContainerWrites(e));
    case Access::kRelease: {
      // Released by its holder: a thread waiting to acquire it cannot, while the holder
      // stands still; one that looks at it, or may release it for the holder (Lock.release()
      // from any thread), can. Released by another thread (or unlocked): anything on locks.
      // So can the exit of a `with` on it that the other thread entered before somebody else
      // released the lock for it (its manager is on its stack).
      if (!HeldBy(m, p.obj.payload(), t)) return f & kLockOps;
      return (f & (kLockProbe | kCondition)) || ((f & kRelease) && manager) ||
             ((f & kForeignRelease) && m.Is(p.obj, ObjType::kLock));
    }
    case Access::kStart: return f & kThreadOp;
    case Access::kUnknown: return true;
  }
  return true;
}

bool Reduction::Independent(const Machine& m, const Step& s, int u,
                            const std::vector<Held>& held, bool enabled) const {
  // Blocked inside a routine of the step's primitive (on its lock, or on a waiter lock of its
  // Condition), u can only be let go by a step on that primitive: by t, which stands still, or
  // by another thread, which then conflicts with t's step itself.
  const ThreadRec& uh = m.threads[u];
  if (s.kind == Step::kPrimitive && !enabled &&
      PrimitiveOfFrame(uh, uh.frames.size() - 1) == s.primitive)
    return true;
  // Under the Semaphore's lock, t's step commutes with every other step on the Semaphore but a
  // timed wait on its waiter lock (a Semaphore.acquire with a timeout), which t's notify may
  // wake or find timed out.
  if (s.kind == Step::kPrimitive && s.holds_lock) {
    const Frame& f = uh.frames.back();
    if (f.code == kCondWaitCode && f.pc == native::kWaitBlock &&
        !uh.values[f.base + native::kArg].is_none() &&
        PrimitiveOfFrame(uh, uh.frames.size() - 1) == s.primitive)
      return false;
  }
  bool manager = s.released != ~0u && Manages(m, m.threads[u], s.released);
  if (s.kind == Step::kPrimitive) {
    const ThreadRec& uh = m.threads[u];
    manager = std::find(uh.values.begin(), uh.values.end(), s.primitive) != uh.values.end();
  }
  auto conflicts = [&](const Effects& e, Value obj, const FrameRefs* refs) {
    return Conflicts(m, s, e, manager, obj, refs);
  };
  if (!AnyFrame(m, s, u, nullptr, -1, conflicts)) return true;
  // Short of every step u may ever take: those it may take while s.t stands still, holding
  // its locks.
  for (const Held& h : held) {
    if (!h.alone) continue;
    for (int cut : h.cuts) {
      if (!AnyFrame(m, s, u, &h, cut, conflicts)) return true;
    }
  }
  return false;
}

bool Reduction::Reduce(const Machine& m, std::vector<Transition>& transitions) const {
  // The C API's critical sections release and retake mutexes when a thread blocks: not
  // described to the reduction, which stays off.
  if (program_->uses_capi || parking_locks_) return false;
  // A module object used as a value reads and writes module globals no instruction names.
  if (program_->module_values) return false;
  // A program's own threading.excepthook runs in any threading.Thread that raises, from
  // whatever instruction raised: code the threads' summaries do not describe.
  if (program_->excepthook_slot >= 0) return false;
  // _thread.interrupt_main: the main thread raises at whatever instruction it is at.
  if (program_->interrupt_slot >= 0) return false;
  if (transitions.size() < 2) return false;
  for (int u = 0; u < m.num_threads; ++u) {
    // When the last other thread ends, the program ends and daemon threads stop: a step's
    // effect on them is not read off their code.
    if (!m.threads[u].finished && m.threads[u].daemon) return false;
  }
  // Each thread's buffers for the call, reused: Reduce runs once for every new state, and a
  // fresh Step and list of held locks cost an allocation apiece.
  thread_local Step step;
  thread_local std::vector<Held> held;
  Step& s = step;
  s.Reset();
  if (has_attr_refs_) {
    for (int u = 0; u < m.num_threads; ++u) {
      const ThreadRec& uh = m.threads[u];
      if (uh.finished) continue;
      for (const Frame& f : uh.frames) {
        if (f.code < kNativeBase && init_method_[f.code]) s.constructing.push_back(uh.values[f.base]);
      }
    }
  }
  // The stable globals whose lock operations count: all but those holding a Semaphore or Event.
  s.lock_like.assign(words_, ~uint64_t{0});
  for (int32_t g : tagged_globals_) {
    if (m.Is(m.globals[g], ObjType::kSemaphore) || m.Is(m.globals[g], ObjType::kEvent))
      s.lock_like[g / 64] &= ~(uint64_t{1} << (g % 64));
  }
  uint64_t enabled = 0;  // the threads with a transition here (kMaxThreads is 64)
  for (const Transition& tr : transitions) enabled |= uint64_t{1} << tr.thread;
  for (size_t i = 0; i < transitions.size(); ++i) {
    const int t = transitions[i].thread;
    const ThreadRec& th = m.threads[t];
    bool in_loop;
    // A thread with two choices (complete or time out) is not reduced; nor one whose step
    // may close a cycle (the cycle proviso, see the file comment).
    if ((i > 0 && transitions[i - 1].thread == t) ||
        (i + 1 < transitions.size() && transitions[i + 1].thread == t) ||
        Sticky(m, s, th, &in_loop))
      continue;
    // The locks t holds that stable globals name, and whether another thread could release
    // them while t stands still: a release() or a Condition's wait (which, on a Lock, only
    // checks that somebody holds it) before it blocks acquiring the lock itself, or the exit
    // of a `with` it is inside of (its manager is on its stack).
    held.clear();
    for (size_t k = 0; k < cut_globals_.size(); ++k) {
      uint32_t lock = LockOfValue(m, m.globals[cut_globals_[k]]);
      if (lock == ~0u || !HeldBy(m, lock, t)) continue;
      auto it = std::find_if(held.begin(), held.end(), [&](const Held& h) { return h.lock == lock; });
      if (it == held.end()) it = held.insert(held.end(), Held{lock, {}, false});
      it->cuts.push_back(static_cast<int>(k));
    }
    for (Held& h : held) {
      h.alone = true;
      for (int u = 0; u < m.num_threads && h.alone; ++u) {
        const ThreadRec& uh = m.threads[u];
        if (u == t || uh.finished) continue;
        const bool manager = Manages(m, uh, h.lock);
        bool some_cut = false;
        for (int cut : h.cuts) {
          some_cut |= !AnyFrame(m, s, u, &h, cut, [&](const Effects& e, Value, const FrameRefs* refs) {
            const uint32_t f = FlagsOf(m, e, s, refs);
            return (f & (kForeignRelease | kEverything | kCondition)) ||
                   ((f & kRelease) && manager);
          });
        }
        h.alone = some_cut;
      }
    }
    // What t's step is: a Condition routine's steps are read off its frame.
    s.t = t;
    s.kind = Step::kPending;
    const Frame& top = th.frames.back();
    s.primitive = th.frames.empty() ? Value::None() : PrimitiveOfFrame(th, th.frames.size() - 1);
    if (!s.primitive.is_none()) {
      // A step of a Semaphore's or Event's routine: that object's fields. Parked on its own
      // waiter lock, which is free and off the list, it is t's alone (as below).
      s.kind = Step::kPrimitive;
      const uint32_t own = OwnLock(m, s.primitive);
      s.holds_lock = own != ~0u && HeldBy(m, own, t);
      if (top.code == kCondWaitCode && top.pc == native::kWaitBlock) {
        const Value waiters = m.payload(th.values[top.base + native::kSelf])[1];
        const Value waiter = th.values[top.base + native::kWaiter];
        bool listed = false;
        for (uint32_t k = 0; k < m.size(waiters); ++k) listed |= m.payload(waiters)[k] == waiter;
        if (!listed) s.kind = Step::kOwnedCheck;
      }
    } else if (top.code == kCondWaitCode || top.code == kCondNotifyCode) {
      const Value cond = th.values[top.base + native::kSelf];
      if (top.code == kCondWaitCode && top.pc == native::kWaitBlock) {
        // Parked on its waiter lock, which is free: nobody can take it but t; a notify can
        // still try to release it while it is on the Condition's list.
        const Value waiters = m.payload(cond)[1];
        const Value waiter = th.values[top.base + native::kWaiter];
        bool listed = false;
        for (uint32_t k = 0; k < m.size(waiters); ++k) listed |= m.payload(waiters)[k] == waiter;
        s.kind = listed ? Step::kNotifyRemove : Step::kOwnedCheck;
      } else {
        uint32_t lock = LockOfValue(m, cond);
        auto it = std::find_if(held.begin(), held.end(),
                               [&](const Held& h) { return h.lock == lock; });
        if (it == held.end() || !it->alone) continue;
        switch (top.pc) {
          case native::kCondCheck:  // t holds it, and only t may release it
            s.kind = Step::kOwnedCheck;
            break;
          case native::kNotifyWake:  // notify: wake; wait: join the list (kWaitQueue)
            static_assert(native::kNotifyWake == native::kWaitQueue);
            s.kind = Step::kNotifyWake;
            break;
          case native::kNotifyRemove:  // notify: leave the list; wait: release the lock
            static_assert(native::kNotifyRemove == native::kWaitRelease);
            s.kind = top.code == kCondNotifyCode ? Step::kNotifyRemove : Step::kWaitRelease;
            break;
          default: continue;
        }
      }
    }
    const Pending& p = th.pending;
    // An attribute that never changes once its instance is built (StableAttributes), read
    // off an instance nobody is building: no other step changes what it reads. Assigned (while
    // its instance is built), it may be what another thread's read of it sees.
    s.stable_read = false;
    if (s.kind == Step::kPending && top.code < kNativeBase) {
      const std::vector<Instr>& instrs = program_->codes[top.code].instrs;
      const Instr* in = top.pc >= 0 && static_cast<size_t>(top.pc) < instrs.size()
                            ? &instrs[top.pc] : nullptr;
      const bool stable = in != nullptr && in->arg >= 0 &&
                          static_cast<size_t>(in->arg) < stable_attrs_.size() &&
                          stable_attrs_[in->arg];
      if (stable && in->op == Opcode::kStoreAttr) continue;
      s.stable_read = stable && in->op == Opcode::kLoadAttr && p.kind == PendingKind::kAlways &&
                      static_cast<Access>(p.mode) == Access::kRead && p.obj.is_obj() &&
                      std::find(s.constructing.begin(), s.constructing.end(), p.obj) ==
                          s.constructing.end();
    }
    s.released = ~0u;
    if (s.kind == Step::kWaitRelease) s.released = LockOfValue(m, th.values[top.base + native::kSelf]);
    if (s.kind == Step::kPending && p.kind == PendingKind::kAlways &&
        static_cast<Access>(p.mode) == Access::kRelease && p.obj.is_obj())
      s.released = p.obj.payload();
    s.same.clear();
    if (s.kind == Step::kPrimitive) {
      s.same.assign(words_, 0);
      for (size_t g = 0; g < m.globals.size(); ++g) {
        if (program_->global_stable[g] && m.globals[g] == s.primitive)
          s.same[g / 64] |= uint64_t{1} << (g % 64);
      }
    }
    if (s.kind == Step::kPending && p.kind == PendingKind::kAlways &&
        (static_cast<Access>(p.mode) == Access::kRead ||
         static_cast<Access>(p.mode) == Access::kWrite)) {
      s.same.assign(words_, 0);
      for (size_t g = 0; g < m.globals.size(); ++g) {
        if (program_->global_stable[g] && m.globals[g] == p.obj)
          s.same[g / 64] |= uint64_t{1} << (g % 64);
      }
      // An operation not narrowed to its container (sorted(buf), buf == other, ...) may read
      // the containers inside it too: any container a stable global holds.
      if (top.code < kNativeBase && !shallow_[top.code][top.pc]) s.same.assign(words_, ~0ull);
    }
    bool independent = true;
    for (int u = 0; u < m.num_threads && independent; ++u) {
      if (u == t || m.threads[u].finished) continue;
      independent = Independent(m, s, u, held, (enabled >> u) & 1);
    }
    // Inside a loop no wait or acquire guards, the step is sticky if it goes round: checked
    // last, as it runs the step.
    if (independent && in_loop && GoesRound(m, transitions[i])) continue;
    if (independent) {
      Transition only = transitions[i];
      transitions.assign(1, only);
      return true;
    }
  }
  return false;
}

}  // namespace lockcheck
