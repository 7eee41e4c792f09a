#include "checker/visited_set.h"

#include <algorithm>
#include <cmath>

namespace lockcheck {
namespace {

// The home slot of a fingerprint in a table of `capacity` slots: the high half of
// fingerprint * capacity (Lemire's multiply-shift range reduction), so any capacity works and
// the table can grow by a quarter instead of doubling.
inline uint64_t Home(uint64_t fp, uint64_t capacity) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(fp) * capacity) >> 64);
}

}  // namespace

VisitedSet::VisitedSet(size_t initial_capacity) {
  slots_.assign(std::max<size_t>(initial_capacity, 16), 0);
}

bool VisitedSet::Insert(uint64_t fp) {
  // Grow past 4/5 full.
  if ((size_ + 1) * 5 > slots_.size() * 4) Grow();
  const uint64_t capacity = slots_.size();
  for (uint64_t i = Home(fp, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
    if (slots_[i] == fp) return false;
    if (slots_[i] == 0) {
      slots_[i] = fp;
      ++size_;
      return true;
    }
  }
}

bool VisitedSet::Contains(uint64_t fp) const {
  const uint64_t capacity = slots_.size();
  for (uint64_t i = Home(fp, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
    if (slots_[i] == fp) return true;
    if (slots_[i] == 0) return false;
  }
}

void VisitedSet::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.size() + old.size() / 4, 0);
  const uint64_t capacity = slots_.size();
  for (uint64_t fp : old) {
    if (fp == 0) continue;
    for (uint64_t i = Home(fp, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
      if (slots_[i] == 0) {
        slots_[i] = fp;
        break;
      }
    }
  }
}

namespace {

double CollisionOddsOf(uint64_t states) {
  double n = static_cast<double>(states);
  return std::min(1.0, n * n / std::ldexp(1.0, 65));
}

}  // namespace

double VisitedSet::CollisionOdds() const { return CollisionOddsOf(size_); }

SharedVisitedSet::SharedVisitedSet(bool concurrent)
    : mask_(concurrent ? kShards - 1 : 0),
      shards_(new Shard[mask_ + 1]) {
  // The same room to start with either way.
  if (mask_ == 0) shards_[0].set = VisitedSet(16 * kShards);
}

bool SharedVisitedSet::Insert(uint64_t fp) {
  Shard& shard = shards_[fp & mask_];
  std::unique_lock<std::mutex> lock(shard.mu, std::defer_lock);
  if (mask_ != 0) lock.lock();
  return shard.set.Insert(fp);
}

uint64_t SharedVisitedSet::Sum(uint64_t (VisitedSet::*of)() const) const {
  uint64_t total = 0;
  for (uint64_t i = 0; i <= mask_; ++i) {
    std::unique_lock<std::mutex> lock(shards_[i].mu, std::defer_lock);
    if (mask_ != 0) lock.lock();
    total += (shards_[i].set.*of)();
  }
  return total;
}

uint64_t SharedVisitedSet::size() const { return Sum(&VisitedSet::size); }

uint64_t SharedVisitedSet::bytes() const {
  return (mask_ + 1) * sizeof(Shard) + Sum(&VisitedSet::bytes);
}

double SharedVisitedSet::CollisionOdds() const { return CollisionOddsOf(size()); }

}  // namespace lockcheck
