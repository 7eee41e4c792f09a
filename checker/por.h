// Partial-order reduction: ample sets from what each thread can still touch.
//
// In a state, the stateful search may take one thread's next step alone (an *ample* set of one
// thread, Peled 1993; the persistent sets of Godefroid 1996) when that step is independent of
// everything every other thread can do from here while this thread stands still: the two
// orders of any such pair reach the same state, with the same events, and neither enables or
// disables the other. Because the choice depends on the state alone, the reduced graph is the
// same whatever order (or however many workers) explore it.
//
// Footprints. A step's footprint is its pending visible operation (Pending: a global, a shared
// container, a lock released, a thread started, or nothing); a thread inside Condition.wait or
// notify is read off its routine's resume point (the ownership check, joining the waiters,
// releasing the lock, taking its own waiter lock back; waking and removing a waiter).
//
// Semaphores, Events and Queues. Their state (a Semaphore's value, an Event's flag, the
// Condition inside and that Condition's lock, waiters and waiter locks; a Queue's mutex, its
// three Conditions on it, its items and its counts) is reachable by no scenario code but their
// methods' routines (primitives/FIDELITY.md: `q.queue`, `q.mutex`, ... are refused), so every
// step of such a routine (and of the Condition routine it calls) has one footprint: that
// object. (An item a put hands over is published, marked shared; no other thread reached it
// before, else it was shared already, so that commutes too.) An acquire that takes a unit and one that
// queues, a release that increments the counter and wakes nobody and one that wakes a waiter,
// notify finding no waiter, set and wait, a Queue's put, get, task_done, join and queries:
// each reads and writes only its object's fields. Two
// such steps are dependent exactly when they are on the same object (the dependence relation
// of Godefroid 1996, ch. 3, on the object's fields; and that of Flanagan and Godefroid 2005 and
// of Abdulla et al. 2014, which use the same relation dynamically: this reduction computes
// its persistent sets statically and keeps no sleep sets, whose bookkeeping the stateful
// search with a compact store does not carry). Three refinements:
//   - Under its own lock. A Semaphore's fields (a Queue's: its mutex) are read and written
//     only by the step that takes its lock or while the lock is held (the Condition's waiters
//     likewise), and the
//     lock is released only by its holder: while t holds it, every other thread's next step on
//     the Semaphore waits for that lock, or takes its own waiter lock, freed and off the list,
//     which no step of t touches, or is a timed wait on its waiter lock (an acquire with a
//     timeout), which t's notify may wake or find timed out: that one still conflicts. So t's steps while it holds the lock (the value check and
//     the release of acquire, the increment, notify and release of release, the first half of
//     a wait) commute with everything the others can do: taken alone, as a critical section
//     is. (An Event's is_set() reads its flag without the lock: Events get the per-object
//     footprint only.)
//   - Blocked on the same object. A thread blocked inside a routine of the step's object (on
//     the object's lock, or parked on a waiter lock of its Condition) can be let go only by a
//     step on that object: by t, which stands still, or by a third thread, whose future then
//     names the object and conflicts with t's step itself. Its future does not count (the
//     "necessary enabling" argument of Godefroid 1996, ch. 4: a disabled transition is left
//     out when every transition that can enable it is dependent on the set).
//   - Not a lock. A method call on a stable global (`g.acquire()`, `with g:`, `g.set()`) is
//     recorded by that global: it touches the object the global holds, compared by value with
//     the step's object, and its lock operations (an acquire, a probe, a release) count against
//     lock steps only where the global holds no Semaphore or Event in this state. Any other
//     call of those methods (a receiver computed at run time) may touch any Semaphore or Event
//     (kPrivateSync), and a Queue's method names (put, get, join, ...) any Queue (kQueueOp);
//     a Barrier's methods touch none of them (kOtherSync), nor do other primitives' routines.
//     The exit of a `with` touches its manager, which is on its thread's
//     stack (a `with` it enters later is in its future as an enter).
//   - Arguments. A parameter its function never assigns or deletes (nor captures in a closure)
//     holds, for the frame's life, the object the call gave it: `sem.acquire()` on such a
//     stable local is recorded by its slot, for that frame only, and compared by the value the
//     frame holds there in this state, like a stable global (and is a lock operation only
//     where that value is no Semaphore or Event). The summaries a call merges in (every
//     function's) name other frames' slots: there such a call is on any primitive, and may be
//     any lock operation, as before. Loops are guarded by a wait or acquire on a stable local
//     as by one on a stable global (the slot's value is read off the frame).
//   - Attributes. An attribute name every store of which is `self.name = ...` inside an
//     `__init__` (never deleted, never named by setattr/delattr/getattr, nor by a property;
//     and no `__init__` is called by hand but `super().__init__` or `Base.__init__(self, ...)`
//     from another `__init__`) is *stable*: once an instance is built, `self.name` holds the
//     object `__init__` gave it for the instance's life. `self.h.acquire()`, `with self.h:`,
//     `self.cond.wait()` on a stable local `self` are recorded by (slot, name) and compared by
//     the value the frame's instance holds under that name in this state, like an argument,
//     and guard loops likewise. While an instance is being built (it is `self` of a live
//     `__init__` frame) or lacks the attribute in its own dict, the reference holds no known
//     object and conflicts with every primitive, as a lock. A read of a stable attribute reads
//     no container, and a pending read of one on a built instance commutes with everything;
//     a store of one is never taken alone. Condition, Event and Barrier waits run scenario
//     code (a Barrier's action) only where some Barrier may have an action: every Barrier(...)
//     call with at most the parties argument and no `action=` proves none does.
//
// Futures. What another thread can still do is read off its code: for every frame, the effects
// of every instruction reachable from where it stands (through jumps, handlers and, for calls
// of Python code, every function), computed once per program. A call of a callee known only at
// run time may do anything (a bound `lock.release` in a variable), except one of a global every
// binding of which is a `def` and none deleted (`work(item)`): it holds Python code, whose
// effects every function's cover. A container access whose
// container is pushed by a stable global right before it (`len(buf)`, `buf.append(x)`, `for x
// in buf`, `buf[i]`; resolver.h: such a global is fixed once a second thread runs) is recorded
// by that global and compared by value with the footprint's container at run time; any other
// container access may touch any container; iterating a `range` and comparing a length with a
// constant touch none; nor does an operator (`n < ROUNDS`, `n += 1`, `n < 2 * ROUNDS`) whose
// one operand is a scalar (a constant, a count, a local every assignment of which stores a
// scalar: read off the code to a fixed point) and whose other is one too, a value the
// operator made, or a stable global's, whose container it reads at most (a scalar and a
// container compare unequal or raise TypeError without looking at the items, and `n += lst`
// raises; `%` formats the items, so it needs two scalars). Blocking acquires and joins that
// cannot complete while the step's thread stands still do not count against a release or a
// thread's end: they can only wait for it.
//
// Critical sections. While the candidate t holds a lock L, another thread cannot pass a
// blocking acquire of L (`with g:`, `g.acquire()`, g a stable global holding L or a Condition
// on L) unless somebody releases L for t. So the futures are also computed cut at those
// acquires (one table per such global), and a thread parked in a blocking Condition.wait on L
// can only take its waiter lock and then wait for L, its callers cut too. The cut is used only
// when nobody but t can release L while t stands still, checked on every other thread's cut
// future: no release() or __exit__() by hand (a Lock has no owner), no Condition routine (a
// wait on a Lock only checks that *somebody* holds it, then releases it), no callee known only
// at run time, and no `with` exit while L (or a Condition on it) is on its stacks (a `with` it
// entered before somebody released L for it; the same test makes a release by the holder
// depend on such an exit). The first release of L by another thread on a path where t stands
// still would lie in that thread's cut future, so there is none, and every step those threads
// take before t moves again lies in their cut futures. With any doubt, the uncut futures count.
// A critical section's steps (the length test, the append, notify, the `with` exit, a wait's
// first half) are then taken alone, which is what a SPIN model's d_step assumes.
//
// The cycle proviso (Holzmann and Peled 1994's C3, in the static form of Kurshan et al. 1998:
// every cycle of a thread's control flow holds a *sticky* step, never taken alone). Sticky are
// the steps of a thread standing (in any frame) inside a `while` loop that no Condition.wait
// or Semaphore acquire guards (or whose guard holds no Condition or Semaphore in this state)
// that take the jump back of a loop (GoesRound runs the step on a copy of the state and sees
// whether it took one: a step ends at the next visible operation, which static code cannot
// tell), and the steps of a primitive routine, except Condition.notify's, Condition.wait's
// first half (up to taking back its waiter lock, without a timeout) and a Semaphore's, Event's
// or Queue's routines; the wait's reacquire of the Condition's lock stays sticky,
// and so does the first step of a Semaphore acquire (taking the semaphore's lock) inside a
// guarded loop. A loop is guarded by g when every path once around it calls g.wait() (an
// exception the call raises before it parks included), g a stable global that holds a
// Condition, or calls `g.acquire()` or enters `with g:`, g holding a Semaphore: each time
// round, the thread goes through that reacquire, or through that acquire's first step (the
// call starts the acquire routine at its first step, a scheduling point of its own once a
// second thread runs). A Semaphore's and an Event's routines go round only through the wait
// of their Condition (a Semaphore acquire's `while self._value == 0: self._cond.wait()`),
// whose reacquire is sticky; set, clear, release and an Event's wait run straight through (a
// Queue's routines go round only through their Condition waits, as a Semaphore's acquire). A
// cycle of states needs a thread going round a `while` loop in its lowest moving frame (a
// `for` loop's iterator only moves forwards, whether the jump back to it is the loop's own, a
// `continue` or a comprehension's `if`), or round notify's loop, which removes a waiter each
// time and needs a wait (whose reacquire is sticky) to bring one back. That frame lives
// through the whole cycle, standing inside the loop in every state of it, and some step of the
// cycle takes the loop's jump back: an unguarded loop's such step is sticky, and a guarded
// loop's round passes its sticky reacquire or acquire. So every cycle of states has a state
// that takes a sticky step, expanded in full, and no step is postponed forever. The fair-cycle
// checks judge fairness by every thread enabled in a state, reduced or not, and a reduced state
// on a cycle takes a step that commutes with everything the others can do before it (inside a
// critical section, or a wait's first half): the equivalence test (tools/reduction_test.py)
// checks every lasso of the corpus and the bench families under both fairness settings.
#ifndef LOCKCHECK_CHECKER_POR_H_
#define LOCKCHECK_CHECKER_POR_H_

#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "checker/explorer.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/vm/machine.h"
#include "scenarios/vm/runtime.h"

namespace lockcheck {

class Reduction {
 public:
  // Under --profile cpython-3.13 the program's Locks are PyMutexes, whose acquire of a held
  // lock is a step (it parks) rather than a wait: not described to the reduction, which stays
  // off.
  explicit Reduction(const Runtime& runtime);

  // Narrows `transitions` (all of the state's, in the search's order) to an ample set when
  // there is one; leaves them alone otherwise. Returns whether it narrowed them.
  bool Reduce(const Machine& m, std::vector<Transition>& transitions) const;

  // Whether the program has a `while` loop (a backward jump other than a `for` loop's): with
  // primitives' routines, the only way a state can come back.
  bool HasLoops() const { return has_loops_; }
  // Whether `m` may lie on a cycle of states: some live thread stands inside a while loop or a
  // primitive's routine (see the file comment). A state where it is false lies on no cycle.
  bool MayCycle(const Machine& m) const;

  // Kinds of operation an instruction may perform (Effects::flags).
  enum Flag : uint32_t {
    kRead = 1 << 0,            // reads a shared container
    kWrite = 1 << 1,           // writes a shared container
    kAcquire = 1 << 2,         // a blocking acquire of a Lock or RLock (or a with-enter)
    kRelease = 1 << 3,         // releases a lock it acquired (a with-exit)
    kForeignRelease = 1 << 4,  // release(): may release a lock another thread holds
    kLockProbe = 1 << 5,       // looks at a lock without waiting: acquire(False), locked(), ...
    kCondition = 1 << 6,       // Condition.wait/notify: waits on or checks the Condition's lock
    kThreadOp = 1 << 7,        // start(), a blocking join()
    kThreadProbe = 1 << 8,     // is_alive(), join(timeout), active_count(), ...
    kPrivateSync = 1 << 9,     // a Semaphore's or an Event's method (or a Condition's wait)
    kOtherSync = 1 << 14,      // a Queue's or a Barrier's method: their own hidden locks
    kCallsCode = 1 << 10,      // may run Python code (a call, a thread's target)
    kEverything = 1 << 11,     // anything at all (a callee known only at run time)
    kManagerExit = 1 << 12,    // a with-exit: releases the manager on its thread's stack
    kPrimitiveFrame = 1 << 13,  // a Semaphore's or Event's routine: that primitive's fields
    kLocalPrimitive = 1 << 15,  // a primitive's method on a stable local of the frame's code
    kQueueOp = 1 << 16,         // a Queue's method (put, get, join, ...): that Queue's routine
    kLockOps = kAcquire | kRelease | kForeignRelease | kLockProbe | kCondition,
  };

 private:
  struct Effects {
    uint32_t flags = 0;
    uint32_t globals = 0;  // index of its bitsets in globals_: reads, writes, then the
                           // containers read and written that are stable globals' values
  };
  const uint64_t* Reads(const Effects& e) const { return &globals_[e.globals]; }
  const uint64_t* Writes(const Effects& e) const { return &globals_[e.globals + words_]; }
  const uint64_t* ContainerReads(const Effects& e) const {
    return &globals_[e.globals + 2 * words_];
  }
  const uint64_t* ContainerWrites(const Effects& e) const {
    return &globals_[e.globals + 3 * words_];
  }
  // The primitives (Semaphore, Event, Queue, ...) operated on that are stable globals' values
  // (`g.acquire()`, `with g:`): instead of kPrivateSync, which is any primitive.
  const uint64_t* PrimitiveOps(const Effects& e) const {
    return &globals_[e.globals + 4 * words_];
  }
  // The same for the stable locals of the frame's own code (`sem.acquire()`, `sem` a
  // parameter; kLocalPrimitive): set 0 the primitives operated on, then the slots whose
  // acquires, probes and releases are lock operations unless the slot holds a Semaphore or
  // Event. Summaries of code that may run other functions' frames name no slots of theirs.
  const uint64_t* LocalOps(const Effects& e, int set) const {
    return &globals_[e.globals + (8 + set) * words_];
  }
  // The candidate's step, set up once per candidate: its Pending, or for a Condition routine's
  // steps what the resume point does.
  struct Step {
    int t = -1;
    enum Kind {
      kPending,      // as its Pending says
      kOwnedCheck,   // reads a lock only it may release (or takes its own unlisted waiter lock)
      kNotifyWake,   // touches the Condition's waiter list or a waiter lock on it
      kNotifyRemove,
      kWaitRelease,  // Condition.wait releasing the Condition's lock, which it holds
      kPrimitive,    // a step of a Semaphore's or Event's routine: that object's fields only
    } kind = kPending;
    Value primitive;             // kPrimitive: the Semaphore or Event
    bool holds_lock = false;     // kPrimitive: t holds the Semaphore's own lock
    std::vector<uint64_t> same;  // kRead/kWrite: the stable globals whose value is p.obj;
                                 // kPrimitive: those whose value is the primitive
    uint32_t released = ~0u;     // the lock it releases, if any
    bool stable_read = false;    // kPending: reads an attribute of a built instance that
                                 // never changes (StableAttributes in por_facts.cc)
    std::vector<uint64_t> lock_like;  // the stable globals that may hold a lock (FlagsOf)
    // The instances some thread runs an __init__ method on (being built): their stable
    // attributes may still change (FrameRefs).
    absl::InlinedVector<Value, 2> constructing;
    // As a new Step, keeping the buffers.
    void Reset() {
      t = -1;
      kind = kPending;
      primitive = Value();
      holds_lock = false;
      same.clear();
      released = ~0u;
      stable_read = false;
      lock_like.clear();
      constructing.clear();
    }
  };
  // An attribute of a stable local that CodeFacts::StableRef names: `self.sem` (slot 0).
  struct AttrRef {
    int32_t slot;
    Value name;  // an interned str
  };
  // What a Python frame's stable references hold in this state: its local slots, then the
  // attributes its code reads off them (attr_refs_ of its code); an attribute of an instance
  // being built, or one not in the instance's own dict, reads as None, which conflicts with
  // every primitive (Conflicts) and may be a lock (FlagsOf).
  struct FrameRefs {
    const Machine* m = nullptr;
    const Value* locals = nullptr;
    const std::vector<AttrRef>* attrs = nullptr;
    size_t nlocals = 0;
    const Step* s = nullptr;
    Value operator[](size_t l) const;
  };
  FrameRefs RefsOf(const Machine& m, const Step& s, const ThreadRec& th, const Frame& f) const;
  // A lock the candidate holds and the cut futures that go with it (see the file comment).
  struct Held {
    uint32_t lock = 0;
    absl::InlinedVector<int, 2> cuts;  // indices into cut_globals_ whose value is (a Condition
                                       // on) it; inline: Reduce builds them per candidate
    bool alone = false;     // nobody else can release it while the candidate stands still
  };
  // e's flags, with the lock operations on stable globals that may hold a lock in this state
  // and on the frame's stable references (`refs`) that hold one.
  uint32_t FlagsOf(const Machine& m, const Effects& e, const Step& s, const FrameRefs* refs) const;
  // The effects of one instruction (its globals apart).
  uint32_t InstrFlags(const Instr& in) const;
  // Whether thread s.t's next step (its pending operation) may depend on what `e` allows.
  // `manager`: that thread may be inside a `with` on the lock the step releases.
  // `obj`: for a primitive routine's frame (kPrimitiveFrame), the primitive it runs on.
  // `refs`: a Python frame's stable references, which its kLocalPrimitive bits name (else
  // null).
  bool Conflicts(const Machine& m, const Step& s, const Effects& e, bool manager, Value obj,
                 const FrameRefs* refs) const;
  // The thread's step is sticky (never taken alone; the cycle proviso of the file comment),
  // judged by where it stands. `in_loop`: it stands inside a loop no wait or acquire guards,
  // where the step is sticky only if it goes round (GoesRound).
  bool Sticky(const Machine& m, const Step& s, const ThreadRec& th, bool* in_loop) const;
  // Whether the transition takes the closing jump of a loop (loop_jumps_), run on a copy of
  // `m`; a step that does not end within the interpreter's
  // stop poll counts as one that does.
  bool GoesRound(const Machine& m, const Transition& tr) const;
  // What frame k of a thread may still do; with cut >= 0, without passing an acquire of
  // cut_globals_[cut].
  const Effects& FrameEffects(const ThreadRec& th, size_t k, int cut = -1) const;
  // Whether f(effects, primitive, refs) holds for the Effects of some frame of thread u (its
  // future, cut at cut_globals_[cut] when `held` is given; a thread parked on held->lock is
  // parked_); `primitive` is the Semaphore or Event of a primitive routine's frame, else None;
  // `refs` a Python frame's stable references, else null.
  template <typename F>
  bool AnyFrame(const Machine& m, const Step& s, int u, const Held* held, int cut, F f) const;
  // Whether nothing thread u may do (while s.t stands still, holding `held`) conflicts;
  // `enabled`: u has a transition in this state.
  bool Independent(const Machine& m, const Step& s, int u, const std::vector<Held>& held,
                   bool enabled) const;

  size_t words_ = 1;                           // 64-bit words per global bitset
  std::vector<uint64_t> globals_;              // the bitsets of every Effects
  std::vector<std::vector<Effects>> from_;     // [code][pc]: effects from pc on
  std::vector<std::vector<Effects>> cont_;     // [code][pc]: effects after pc (its successors')
  // Cut futures: [cut][code][pc], as from_/cont_ but stopping at the blocking acquires of
  // cut_globals_[cut] (`with g:`, `g.acquire()`), whose own effects they keep.
  std::vector<int32_t> cut_globals_;
  std::vector<std::vector<std::vector<Effects>>> cut_from_, cut_cont_;
  // [code][pc]: inside a while loop no Condition.wait guards; the stable globals that must
  // hold Conditions for the guarded while loops around pc to be guarded.
  std::vector<std::vector<bool>> unguarded_;
  // [code][pc]: the backward jump closing a loop (a while loop's, or a for loop's over a
  // class's iterator): inside a loop no wait or acquire guards, the cycle proviso's sticky
  // steps are the ones that take such a jump (GoesRound).
  std::vector<std::vector<bool>> loop_jumps_;
  // g (a stable global) or l | kLocalRef (a stable local of the loop's frame), either
  // | kAcquireGuard
  std::vector<std::vector<std::vector<int32_t>>> guards_;
  static constexpr int32_t kAcquireGuard = 1 << 30;  // guarded by `g.acquire()`, g a Semaphore

 public:
  // A stable reference's mark of a local slot (a global's index has no such bit).
  static constexpr int32_t kLocalRef = 1 << 29;

 private:
  // [code][pc]: the instruction's container accesses are narrowed to the containers stable
  // globals hold (or to none): it reads nothing inside them.
  std::vector<std::vector<bool>> shallow_;
  const Program* program_ = nullptr;
  const Runtime* runtime_ = nullptr;
  bool parking_locks_ = false;
  std::vector<bool> stable_attrs_;  // [constant]: an attribute name StableAttributes vouches for
  std::vector<std::vector<AttrRef>> attr_refs_;  // [code]: the attributes StableRef names
  bool has_attr_refs_ = false;
  std::vector<bool> init_method_;  // [code]: an __init__ method (CodeFacts::InitMethod)
  bool barrier_actions_ = true;    // a Barrier's wait() may run an action (Python code)
  Effects native_, native_code_;               // a native routine's frame (that runs code)
  Effects parked_;  // a Condition.wait parked on its waiter lock (blocking), its lock cut
  Effects primitive_frame_;  // a Semaphore's or Event's routine (and its Condition's inside)
  bool has_loops_ = false;
  std::vector<int32_t> tagged_globals_;  // the globals some primitive operation is tagged with
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_POR_H_
