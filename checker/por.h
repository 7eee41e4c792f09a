// Partial-order reduction: ample sets from what each thread can still touch.
//
// In a state, the stateful search may take one thread's next step alone (an *ample* set of one
// thread, Peled 1993; the persistent sets of Godefroid 1996) when that step is independent of
// everything every other thread can ever do from here: the two orders of any such pair reach
// the same state, with the same events, and neither enables or disables the other. What a step
// touches is its pending visible operation's footprint (Pending: a global, a shared container,
// a lock released, a thread started, or nothing); what another thread can still do is read off
// its code: for every frame, the effects of every instruction reachable from where the frame
// stands (through jumps, handlers and, for calls of Python code, every function), computed once
// per program. Blocking acquires and joins that cannot complete while the step's thread stands
// still do not count against a release or a thread's end: they can only wait for it.
//
// The cycle proviso (Holzmann and Peled 1994's C3, in the static form of Kurshan et al. 1998)
// is a property of the state, not of the search order: a state in which some live thread stands
// inside a `while` loop (or inside a primitive's native routine, which may loop) is always
// expanded in full. A state-graph cycle needs a thread to jump backwards in a `while` loop (a
// `for` loop's iterator only moves forwards), so every state on a cycle is fully expanded: no
// step is postponed forever, and the fair-cycle checks see each cycle's states with all their
// steps. Away from loops, an ample step commutes with every step of every other thread, so any
// path that reaches a bug (a fault, a failed assertion, a deadlock) or a fair cycle has an
// equivalent one through ample steps that reaches the same bug, the same cycle. Because the
// choice depends on the state alone, the reduced graph is the same whatever order (or however
// many workers) explore it.
#ifndef LOCKCHECK_CHECKER_POR_H_
#define LOCKCHECK_CHECKER_POR_H_

#include <cstdint>
#include <vector>

#include "checker/explorer.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

class Reduction {
 public:
  explicit Reduction(const Program& program);

  // Narrows `transitions` (all of the state's, in the search's order) to an ample set when
  // there is one; leaves them alone otherwise. Returns whether it narrowed them.
  bool Reduce(const Machine& m, std::vector<Transition>& transitions) const;

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
    kPrivateSync = 1 << 9,     // Event, Queue, Semaphore, Barrier: their own hidden locks
    kCallsCode = 1 << 10,      // may run Python code (a call, a thread's target)
    kEverything = 1 << 11,     // anything at all (a callee known only at run time)
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
  // What thread t's pending step is, beyond its Pending: set up once per candidate.
  struct Step {
    int t = -1;
    enum Kind { kPending, kOwnedCheck, kNotifyWake, kNotifyRemove, kWaitRelease } kind = kPending;
    std::vector<uint64_t> same;  // kRead/kWrite: the stable globals whose value is p.obj
    uint32_t released = ~0u;     // the lock it releases, if any
  };
  // A lock the candidate holds and the cut futures that go with it (see the file comment).
  struct Held {
    uint32_t lock = 0;
    std::vector<int> cuts;  // indices into cut_globals_ whose value is (a Condition on) it
    bool alone = false;     // nobody else can release it while the candidate stands still
  };
  // The effects of one instruction (its globals apart).
  uint32_t InstrFlags(const Instr& in) const;
  // Whether thread s.t's next step (its pending operation) may depend on what `e` allows.
  // `manager`: that thread may be inside a `with` on the lock the step releases.
  bool Conflicts(const Machine& m, const Step& s, const Effects& e, bool manager) const;
  // A step of the thread is never taken alone: it stands inside a `while` loop not guarded
  // by a Condition.wait (see the file comment) or inside a native routine other than notify.
  bool Sticky(const Machine& m, const ThreadRec& th) const;
  // What frame k of a thread may still do; with cut >= 0, without passing an acquire of
  // cut_globals_[cut].
  const Effects& FrameEffects(const ThreadRec& th, size_t k, int cut = -1) const;
  // Thread u's frames, top down, as Effects (the future cut at `held`'s locks when given):
  // stops early when f returns true.
  template <typename F>
  bool AnyFrame(const Machine& m, int u, const Held* held, int cut, F f) const;
  bool Independent(const Machine& m, const Step& s, int u, const std::vector<Held>& held) const;

  size_t words_ = 1;                           // 64-bit words per global bitset
  std::vector<uint64_t> globals_;              // the bitsets of every Effects
  std::vector<std::vector<Effects>> from_;     // [code][pc]: effects from pc on
  std::vector<std::vector<Effects>> cont_;     // [code][pc]: effects after pc (its successors')
  // Cut futures: [cut][code][pc], as from_/cont_ but stopping at the blocking acquires of
  // cut_globals_[cut] (`with g:`, `g.acquire()`), whose own effects they keep.
  std::vector<int32_t> cut_globals_;
  std::vector<std::vector<std::vector<Effects>>> cut_from_, cut_cont_;
  // [code][pc]: inside a while loop no Condition.wait guards (-1), or the stable globals
  // that must hold Conditions for every while loop around pc to be guarded.
  std::vector<std::vector<bool>> unguarded_;
  std::vector<std::vector<std::vector<int32_t>>> guards_;
  const Program* program_ = nullptr;
  Effects native_, native_code_;               // a native routine's frame (that runs code)
  Effects parked_;  // a Condition.wait parked on its waiter lock (blocking), its lock cut
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_POR_H_
