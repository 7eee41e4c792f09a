// StateList: packed states one after another in one vector, for the searches that hold a
// level of states at a time (shortest_paths.cc, distributed.cc).
#ifndef LOCKCHECK_CHECKER_STATE_LIST_H_
#define LOCKCHECK_CHECKER_STATE_LIST_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checker/compact_state.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

struct StateList {
  std::vector<uint64_t> begin{0};  // state i is words[begin[i] .. begin[i + 1])
  PackedState words;

  size_t size() const { return begin.size() - 1; }
  void Clear() {
    begin.assign(1, 0);
    words.clear();
  }
  void Add(const uint64_t* first, size_t n) {
    words.insert(words.end(), first, first + n);
    begin.push_back(words.size());
  }
  void Get(size_t i, PackedState& out) const {
    out.assign(words.begin() + static_cast<std::ptrdiff_t>(begin[i]),
               words.begin() + static_cast<std::ptrdiff_t>(begin[i + 1]));
  }
  size_t Words(size_t i) const { return begin[i + 1] - begin[i]; }
  const uint64_t* Data(size_t i) const { return words.data() + begin[i]; }
};

// The same with each state compacted (compact_state.h): a fifth of the bytes, for the
// breadth-first pass's levels, which are copied from the workers' slices into the next level
// and may hold a sixteenth of the search's states.
struct CompactStateList {
  std::vector<uint64_t> begin{0};  // state i is bytes[begin[i] .. begin[i + 1])
  CompactState bytes;

  size_t size() const { return begin.size() - 1; }
  void Clear() {
    begin.assign(1, 0);
    bytes.clear();
  }
  void Add(const PackedState& state) {
    AppendCompact(state, bytes);
    begin.push_back(bytes.size());
  }
  // Appends state i of `other` as it is.
  void AddFrom(const CompactStateList& other, size_t i) {
    bytes.insert(bytes.end(), other.bytes.begin() + static_cast<std::ptrdiff_t>(other.begin[i]),
                 other.bytes.begin() + static_cast<std::ptrdiff_t>(other.begin[i + 1]));
    begin.push_back(bytes.size());
  }
  void Get(size_t i, PackedState& out) const { ExpandFrom(bytes.data() + begin[i], out); }
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_STATE_LIST_H_
