// StateList: packed states one after another in one vector, for the searches that hold a
// level of states at a time (shortest_paths.cc, distributed.cc).
#ifndef LOCKCHECK_CHECKER_STATE_LIST_H_
#define LOCKCHECK_CHECKER_STATE_LIST_H_

#include <cstddef>
#include <cstdint>
#include <vector>

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

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_STATE_LIST_H_
