#include "checker/visited_set.h"

#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>

namespace lockcheck {
namespace {

// The home slot of a fingerprint in a table of `capacity` slots: the high half of
// fingerprint * capacity (Lemire's multiply-shift range reduction), so any capacity works and
// the table can grow by a quarter instead of doubling.
inline uint64_t Home(uint64_t fp, uint64_t capacity) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(fp) * capacity) >> 64);
}

}  // namespace

namespace {

constexpr size_t kMapped = size_t{256} << 10;  // from here up, a mapping of its own

}  // namespace

VisitedSet::Slots::Slots(uint64_t capacity) {
  bytes_ = capacity * sizeof(uint64_t);
  if (bytes_ >= kMapped) {
    // The mapping is zeroed. Huge pages where the kernel allows (2 MiB-aligned stretches, the
    // ends in small pages, so it holds no more than the table needs), then every page is
    // faulted in by one call: the growth that fills it would touch every page anyway, and
    // taking the faults one by one was half its cost. Both are advice; where a kernel lacks
    // them, the pages come on first touch.
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      madvise(p, bytes_, MADV_HUGEPAGE);
      madvise(p, bytes_, MADV_POPULATE_WRITE);
      p_ = static_cast<uint64_t*>(p);
      mapped_ = true;
      return;
    }
  }
  p_ = static_cast<uint64_t*>(std::calloc(capacity, sizeof(uint64_t)));
  if (p_ == nullptr) throw std::bad_alloc();
}

VisitedSet::Slots& VisitedSet::Slots::operator=(Slots&& o) noexcept {
  if (this != &o) {
    Release();
    p_ = o.p_;
    bytes_ = o.bytes_;
    mapped_ = o.mapped_;
    o.p_ = nullptr;
  }
  return *this;
}

void VisitedSet::Slots::Release() {
  if (p_ == nullptr) return;
  if (mapped_) {
    munmap(p_, bytes_);
  } else {
    std::free(p_);
  }
  p_ = nullptr;
}

VisitedSet::VisitedSet(size_t initial_capacity)
    : slots_(std::max<size_t>(initial_capacity, 16)),
      capacity_(std::max<size_t>(initial_capacity, 16)) {}

bool VisitedSet::Insert(uint64_t fp) {
  // Grow past 4/5 full.
  if ((size_ + 1) * 5 > capacity_ * 4) Grow();
  uint64_t* slots = slots_.get();
  for (uint64_t i = Home(fp, capacity_);; i = i + 1 == capacity_ ? 0 : i + 1) {
    if (slots[i] == fp) return false;
    if (slots[i] == 0) {
      slots[i] = fp;
      ++size_;
      return true;
    }
  }
}

bool VisitedSet::Contains(uint64_t fp) const {
  const uint64_t* slots = slots_.get();
  for (uint64_t i = Home(fp, capacity_);; i = i + 1 == capacity_ ? 0 : i + 1) {
    if (slots[i] == fp) return true;
    if (slots[i] == 0) return false;
  }
}

void VisitedSet::Prefetch(uint64_t fp) const {
  __builtin_prefetch(slots_.get() + Home(fp, capacity_), 1);
}

void VisitedSet::Grow() {
  const uint64_t old_capacity = capacity_;
  Slots old = std::move(slots_);
  capacity_ = old_capacity + old_capacity / 4;
  slots_ = Slots(capacity_);
  uint64_t* slots = slots_.get();
  for (uint64_t k = 0; k < old_capacity; ++k) {
    const uint64_t fp = old[k];
    if (fp == 0) continue;
    for (uint64_t i = Home(fp, capacity_);; i = i + 1 == capacity_ ? 0 : i + 1) {
      if (slots[i] == 0) {
        slots[i] = fp;
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
  std::unique_lock<ShardLock> lock(shard.mu, std::defer_lock);
  if (mask_ != 0) lock.lock();
  return shard.set.Insert(fp);
}

uint64_t SharedVisitedSet::Sum(uint64_t (VisitedSet::*of)() const) const {
  uint64_t total = 0;
  for (uint64_t i = 0; i <= mask_; ++i) {
    std::unique_lock<ShardLock> lock(shards_[i].mu, std::defer_lock);
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
