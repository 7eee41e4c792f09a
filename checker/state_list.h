// StateList: packed states one after another in one vector, for the searches that hold a
// level of states at a time (distributed.cc); CompactStateList: the same compacted, for the
// breadth-first pass (shortest_paths.cc).
#ifndef LOCKCHECK_CHECKER_STATE_LIST_H_
#define LOCKCHECK_CHECKER_STATE_LIST_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/compact_state.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

// States one after another in `units` (words, or a compacted state's bytes): state i is
// units[begin[i] .. begin[i + 1]).
template <typename Units>
struct StatesOf {
  std::vector<uint64_t> begin{0};
  Units units;

  size_t size() const { return begin.size() - 1; }
  void Clear() {
    begin.assign(1, 0);
    units.clear();
  }
  // Appends the units [first, last).
  template <typename It>
  void AddUnits(It first, It last) {
    units.insert(units.end(), first, last);
    begin.push_back(units.size());
  }
};

struct StateList : StatesOf<PackedState> {
  void Add(const uint64_t* first, size_t n) { AddUnits(first, first + n); }
  void Get(size_t i, PackedState& out) const { out.assign(Data(i), Data(i) + Words(i)); }
  size_t Words(size_t i) const { return begin[i + 1] - begin[i]; }
  const uint64_t* Data(size_t i) const { return units.data() + begin[i]; }
};

// The same with each state compacted (compact_state.h): a fifth of the bytes, for the
// breadth-first pass's levels, which are copied from the workers' slices into the next level
// and may hold a sixteenth of the search's states.
struct CompactStateList : StatesOf<CompactState> {
  void Add(const PackedState& state) {
    AppendCompact(state, units);
    begin.push_back(units.size());
  }
  // Appends state i of `other` as it is.
  void AddFrom(const CompactStateList& other, size_t i) {
    AddUnits(other.units.data() + other.begin[i], other.units.data() + other.begin[i + 1]);
  }
  void Get(size_t i, PackedState& out) const { ExpandFrom(units.data() + begin[i], out); }
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_STATE_LIST_H_
