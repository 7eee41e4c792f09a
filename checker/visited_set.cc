#include "checker/visited_set.h"

#include <cmath>

namespace lockcheck {

VisitedSet::VisitedSet(size_t initial_capacity) {
  size_t cap = 16;
  while (cap < initial_capacity) cap <<= 1;
  slots_.assign(cap, 0);
  mask_ = cap - 1;
}

bool VisitedSet::Insert(uint64_t fp) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  // The high bits pick the slot: the low bits of a multiply-fold hash are as good, but using
  // the high ones keeps Insert independent of how Fingerprint finishes.
  for (uint64_t i = (fp >> 20) & mask_;; i = (i + 1) & mask_) {
    if (slots_[i] == fp) return false;
    if (slots_[i] == 0) {
      slots_[i] = fp;
      ++size_;
      return true;
    }
  }
}

bool VisitedSet::Contains(uint64_t fp) const {
  for (uint64_t i = (fp >> 20) & mask_;; i = (i + 1) & mask_) {
    if (slots_[i] == fp) return true;
    if (slots_[i] == 0) return false;
  }
}

void VisitedSet::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (uint64_t fp : old) {
    if (fp == 0) continue;
    for (uint64_t i = (fp >> 20) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == 0) {
        slots_[i] = fp;
        break;
      }
    }
  }
}

double VisitedSet::CollisionOdds() const {
  double n = static_cast<double>(size_);
  return std::min(1.0, n * n / std::ldexp(1.0, 65));
}

}  // namespace lockcheck
