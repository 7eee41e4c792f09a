#include "checker/transport.h"

#include <utility>

namespace lockcheck {

std::vector<std::string> AllGather(Transport& t, const std::string& mine) {
  std::vector<std::string> out(static_cast<size_t>(t.size()), mine), in;
  t.Exchange(out, in);
  return in;
}

LocalTransport::Group::Group(int n)
    : n_(n), barrier_(n), box_(static_cast<size_t>(n), std::vector<std::string>(n)) {
  for (int r = 0; r < n; ++r) members_.emplace_back(new LocalTransport(*this, r));
}

void LocalTransport::Exchange(std::vector<std::string>& out, std::vector<std::string>& in) {
  Count(out);
  const size_t n = static_cast<size_t>(group_.n_), self = static_cast<size_t>(rank_);
  std::vector<std::string>& box = group_.box_[self];
  for (size_t to = 0; to < n; ++to) {
    box[to].assign(out[to]);
    out[to].clear();
  }
  group_.barrier_.arrive_and_wait();  // every rank's parts are in
  in.resize(n);
  for (size_t from = 0; from < n; ++from) in[from].assign(group_.box_[from][self]);
  group_.barrier_.arrive_and_wait();  // every rank has taken its parts: the boxes may be reused
}

}  // namespace lockcheck
