// GrowthWatch: a container that grows without bound along the search's path, refused as an
// input error (DESIGN.md section 8) instead of a search that runs until the memory limit.
//
// A program whose state keeps growing (a thread appending to a list in a `while True` loop)
// has infinitely many states: the depth-first search follows the growth down one path, each
// state larger than the last, and every step packs and stores the whole container, so the time
// and memory go quadratically until a limit stops it (162 s and 18 GB for a list
// appended to in a loop, before). The watch sees it within a fraction of a second.
//
// The criterion: on the search's current path, one thread comes back to the same program point
// (the same code position in every frame of its stack), and at each of the last kRevisits
// visits the state's largest container (list, tuple, dict, set, frozenset, deque) is strictly
// larger than at the visit before, and it now holds at least `threshold` items (a 25th of
// max-object-size, 4,000 by default). It is looked at only in states whose packed form is at
// least `threshold` words long, so the states of ordinary programs cost nothing.
//
// Why it is a refusal and not a finding, and why it does not fire on programs a search can
// finish: a program whose state space is finite can also grow a container at one point, but
// only so far, and the watch fires only past `threshold` items on one path. The corpus and the
// large scenarios hold at most a few hundred items in any container. A finite program that
// does build one of 4,000 items, one item a step, with other threads to interleave, has
// millions of states of thousands of items each: beyond what a search stores, as a list past
// max-object-size is, and refused with the same kind of diagnostic. The threshold follows
// the VM's object limit (CheckOptions::max_object_size). (A path the search has backtracked from is forgotten: a visit
// recorded deeper than the state now visited starts the count afresh.)
#ifndef LOCKCHECK_CHECKER_GROWTH_H_
#define LOCKCHECK_CHECKER_GROWTH_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

class GrowthWatch {
 public:
  // Consecutive visits of a point, each with a strictly larger container, before it fires.
  static constexpr int kRevisits = 16;

  GrowthWatch(const Interpreter& interp, int64_t max_object_size);

  // Thread `t` stepped to the new state `m`, `depth` steps from the initial state, whose packed
  // form is `packed_words` words long. Returns the input error when the state grows without
  // bound (see the file comment): located at the thread's point, naming the container.
  std::optional<VmEvent> Observe(const Machine& m, int t, int64_t depth, size_t packed_words);

  // The items of the largest container in `m` (its object index in `*obj`), or 0.
  static uint64_t LargestContainer(const Machine& m, uint32_t* obj);
  // How a diagnostic names object `obj` of `m`: "the global `lst`", "the local `items` of
  // worker()", "a list held by the global `table`", or "a list".
  std::string Describe(const Machine& m, uint32_t obj) const;

 private:
  // Strings are interned values, outside the heap (a string grown forever fills the interner,
  // not the state): the longest string a global or the thread's frames hold is sampled every
  // kStringStride steps of the path, and fires as a container does, kRevisits samples in a row
  // strictly longer and at least `threshold` characters.
  static constexpr int64_t kStringStride = 64;
  std::optional<VmEvent> ObserveStrings(const Machine& m, int t, int64_t depth);
  struct Visit {
    int64_t depth = -1;     // of the last visit
    uint64_t items = 0;     // the largest container's then
    int grown = 0;          // consecutive visits with a strictly larger one
    // Records a visit at `at_depth` with `size` items; returns the count of consecutive
    // visits, this one included, each larger than the one before.
    int Record(int64_t at_depth, uint64_t size) {
      grown = depth >= 0 && depth < at_depth && size > items ? grown + 1 : 0;
      depth = at_depth;
      items = size;
      return grown;
    }
  };
  // The input error at thread t's point.
  VmEvent GrowthError(const Machine& m, int t, std::string message) const;
  const Interpreter& interp_;
  const uint64_t threshold_;
  // Per (thread, point hash). A visit recorded deeper than the current state is from a path
  // the search has backtracked from, and starts afresh.
  absl::flat_hash_map<std::pair<int, uint64_t>, Visit> visits_;
  absl::flat_hash_map<int, Visit> strings_;  // per thread
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_GROWTH_H_
