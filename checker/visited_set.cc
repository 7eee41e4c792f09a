#include "checker/visited_set.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "checker/hashing.h"

namespace lockcheck {
namespace {

// A slot's low 7 bits: 0 for an empty slot, else 1 + the entry's displacement.
constexpr uint64_t kDisplacementBits = 7;
constexpr uint64_t kDisplacementField = (uint64_t{1} << kDisplacementBits) - 1;
constexpr uint64_t kMaxDisplacement = kDisplacementField - 1;
// Room after the last slot, so a slot is always read and written as 8 bytes.
constexpr size_t kPadding = 8;

}  // namespace

VisitedSet::Shape::Shape(uint64_t c, int key_bits) : capacity(c), shift(64 - key_bits) {
  rem_bits = key_bits - (63 - __builtin_clzll(c));
  width = (kDisplacementBits + static_cast<uint64_t>(rem_bits) + 7) / 8;
  mask = width == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * width)) - 1;
}

uint64_t VisitedSet::Shape::Home(uint64_t key) const {
  return MulHigh(key << shift, capacity);
}

VisitedSet::VisitedSet(size_t initial_capacity, int key_bits)
    : key_bits_(key_bits), shape_(std::max<size_t>(initial_capacity, 16), key_bits),
      slots_(shape_.capacity * shape_.width + kPadding) {}

uint64_t VisitedSet::Load(uint64_t slot) const {
  uint64_t v;
  std::memcpy(&v, slots_.get() + slot * shape_.width, sizeof v);
  return v & shape_.mask;
}

void VisitedSet::Store(uint64_t slot, uint64_t value) {
  unsigned char* p = slots_.get() + slot * shape_.width;
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  v = (v & ~shape_.mask) | value;
  std::memcpy(p, &v, sizeof v);
}

VisitedSet::Probe VisitedSet::Find(uint64_t key) const {
  const uint64_t rem = key & ((uint64_t{1} << shape_.rem_bits) - 1);
  uint64_t slot = shape_.Home(key);
  // The slot the key would be in at displacement d: rem and d + 1, compared in one go.
  uint64_t want = (rem << kDisplacementBits) | 1;
  for (;;) {
    const uint64_t v = Load(slot);
    if (v == want) return {true, slot, (want & kDisplacementField) - 1};
    // An empty slot (field 0), or an entry nearer its home than the key would be: the key's
    // run (the entries of its home) would have come before.
    if ((v & kDisplacementField) < (want & kDisplacementField))
      return {false, slot, (want & kDisplacementField) - 1};
    if ((want & kDisplacementField) == kDisplacementField)  // past the largest displacement
      return {false, slot, kMaxDisplacement + 1};
    ++want;
    slot = Next(slot);
  }
}

bool VisitedSet::Place(uint64_t key, const Probe& at) {
  if (at.displacement > kMaxDisplacement) return false;
  // The entries from the probe's end to the next empty slot each move up one slot.
  unsigned char* const base = slots_.get();
  const uint64_t w = shape_.width;
  uint64_t end = at.slot;
  for (;; end = Next(end)) {
    const uint64_t field = base[end * w] & kDisplacementField;  // a slot's first byte
    if (field == 0) break;  // empty: an entry's field is 1 + its displacement
    if (field - 1 == kMaxDisplacement) return false;
  }
  const uint64_t rem = key & ((uint64_t{1} << shape_.rem_bits) - 1);
  const uint64_t entry = (rem << kDisplacementBits) | (at.displacement + 1);
  if (end >= at.slot) {
    // One move of the bytes, then each moved entry's displacement up by one: the field is the
    // low bits of the slot's first byte, and none of them was at its largest.
    std::memmove(base + (at.slot + 1) * w, base + at.slot * w, (end - at.slot) * w);
    for (uint64_t slot = at.slot + 1; slot <= end; ++slot) ++base[slot * w];
    Store(at.slot, entry);
  } else {
    uint64_t carry = entry;
    for (uint64_t slot = at.slot;; slot = Next(slot)) {
      const uint64_t v = Load(slot);
      Store(slot, carry);
      if (v == 0) break;
      carry = v + 1;  // one slot further from its home
    }
  }
  ++size_;
  return true;
}

bool VisitedSet::Insert(uint64_t fp) {
  const uint64_t key = fp >> (64 - key_bits_);
  // Grow by a sixth past 9/10 full.
  if ((size_ + 1) * 10 > shape_.capacity * 9) Grow(shape_.capacity + shape_.capacity / 6);
  const Probe at = Find(key);
  if (at.found) return false;
  if (!overflow_.empty() && overflow_.contains(key)) return false;
  if (!Place(key, at)) {
    overflow_.insert(key);
    ++size_;
  }
  return true;
}

bool VisitedSet::Contains(uint64_t fp) const {
  const uint64_t key = fp >> (64 - key_bits_);
  return Find(key).found || (!overflow_.empty() && overflow_.contains(key));
}

void VisitedSet::PrefetchIn(const Whereabouts& w, uint64_t fp) {
  // Home(key) for key = fp >> w.shift: key << shift is the fingerprint without its low bits.
  const uint64_t home = MulHigh(fp & ~((uint64_t{1} << w.shift) - 1), w.capacity);
  __builtin_prefetch(w.base + home * w.width, 1);
}

void VisitedSet::Grow(uint64_t capacity) {
  const Shape old = shape_;
  ZeroedMemory old_slots = std::move(slots_);
  const uint64_t rem_mask = (uint64_t{1} << old.rem_bits) - 1;
  const uint64_t old_capacity = old.capacity, old_width = old.width, old_mask = old.mask;
  // The first key of home h is ceil(h * 2^key_bits_ / c). Stepping h up by one adds
  // 2^key_bits_ / c: its whole part and, past a carry, one more.
  const unsigned __int128 span = static_cast<unsigned __int128>(1) << key_bits_;
  const uint64_t step = static_cast<uint64_t>(span / old.capacity);
  const uint64_t step_rest = static_cast<uint64_t>(span % old.capacity);
  shape_ = Shape(std::max<uint64_t>(capacity, old.capacity + 1), key_bits_);
  slots_ = ZeroedMemory(shape_.capacity * shape_.width + kPadding);
  size_ = overflow_.size();
  const unsigned char* const old_base = old_slots.get();
  auto read = [&](uint64_t slot) {
    uint64_t v;
    std::memcpy(&v, old_base + slot * old_width, sizeof v);
    return v & old_mask;
  };
  // The entries at the start that wrapped round from the end: taken last, so that the keys
  // come in increasing order (a key's home grows with the key).
  uint64_t first_unwrapped = 0;
  for (uint64_t v; first_unwrapped < old_capacity && (v = read(first_unwrapped)) != 0 &&
                   (v & kDisplacementField) - 1 > first_unwrapped;)
    ++first_unwrapped;
  // Keys in increasing order go to the new table one after another: each at its home or just
  // past the previous one, which is where an insert would put it. Every slot from next_free
  // on is empty. Only the last ones, if they run past the end of the new table, are put by a
  // real insert.
  // (The shape's figures are copied into locals: the byte stores below may alias any member,
  // which would have them reloaded after every store.)
  uint64_t next_free = 0;
  const uint64_t new_rem_mask = (uint64_t{1} << shape_.rem_bits) - 1;
  const uint64_t new_capacity = shape_.capacity, new_width = shape_.width;
  const int new_shift = shape_.shift;
  unsigned char* const base = slots_.get();
  uint64_t placed = 0;
  auto emit = [&](uint64_t key) {
    const uint64_t home = MulHigh(key << new_shift, new_capacity);
    const uint64_t at = std::max(home, next_free);
    if (at < new_capacity && at - home <= kMaxDisplacement) {
      // A plain 8-byte write: the bytes it runs into past the slot belong to slots from
      // next_free on, all still empty (zero), and nothing before the slot is touched. Store's
      // read of what it overwrites would wait on the previous slot's write, which overlaps
      // it (a store-forwarding stall on every key).
      const uint64_t entry = ((key & new_rem_mask) << kDisplacementBits) | (at - home + 1);
      std::memcpy(base + at * new_width, &entry, sizeof entry);
      ++placed;
      next_free = at + 1;
      return;
    }
    size_ += placed;
    placed = 0;
    if (!Place(key, Find(key))) {
      overflow_.insert(key);
      ++size_;
    }
    next_free = shape_.capacity;  // every key after it runs past the end too
  };
  // The first key of the home last read: h * 2^key_bits_ == quotient * c + rest. Stepping h
  // up by one adds step and step_rest, the carry taken without a branch (it comes about every
  // other home, unpredictably).
  uint64_t h = 0, quotient = 0, rest = 0;
  auto first_key = [&](uint64_t slot, uint64_t d) -> uint64_t {
    if (d > slot) {
      // Wrapped round from the end of the table: its home's first key computed outright.
      const unsigned __int128 x = static_cast<unsigned __int128>(slot + old_capacity - d)
                                  << key_bits_;
      return static_cast<uint64_t>((x + old_capacity - 1) / old_capacity);
    }
    for (const uint64_t home = slot - d; h < home; ++h) {
      quotient += step;
      rest += step_rest;
      const uint64_t carry = rest >= old_capacity ? 1 : 0;
      rest -= carry * old_capacity;
      quotient += carry;
    }
    return quotient + (rest != 0 ? 1 : 0);
  };
  auto slot_at = [&](uint64_t n) {
    return n + first_unwrapped < old_capacity ? n + first_unwrapped
                                              : n + first_unwrapped - old_capacity;
  };
  // The keys of one old home sit together (each one further from it than the one before) in
  // the order they came: sorted before they go, since they may have different homes in the
  // new table. Most homes hold one key, told by the next slot alone.
  uint64_t run[kMaxDisplacement + 1];
  for (uint64_t n = 0; n < old_capacity; ++n) {
    const uint64_t slot = slot_at(n);
    const uint64_t v = read(slot);
    if (v == 0) continue;
    const uint64_t d = (v & kDisplacementField) - 1;
    const uint64_t first = first_key(slot, d);
    const uint64_t key = first + (((v >> kDisplacementBits) - first) & rem_mask);
    uint64_t next = n + 1 < old_capacity ? read(slot_at(n + 1)) : 0;
    if ((next & kDisplacementField) != d + 2) {
      emit(key);
      continue;
    }
    size_t count = 0;
    run[count++] = key;
    while ((next & kDisplacementField) == d + 1 + count) {
      ++n;
      run[count++] = first + (((next >> kDisplacementBits) - first) & rem_mask);
      next = n + 1 < old_capacity ? read(slot_at(n + 1)) : 0;
    }
    std::sort(run, run + count);
    for (size_t i = 0; i < count; ++i) emit(run[i]);
  }
  size_ += placed;
}

double CollisionOddsOf(uint64_t states) {
  double n = static_cast<double>(states);
  return std::min(1.0, n * n / std::ldexp(1.0, kKeyBits + 1));
}

double VisitedSet::CollisionOdds() const { return CollisionOddsOf(size_); }

SharedVisitedSet::SharedVisitedSet(bool concurrent, uint64_t hash_seed)
    : mask_(concurrent ? kShards - 1 : 0),
      hash_seed_(hash_seed),
      shards_(new Shard[mask_ + 1]),
      hints_(new Hint[mask_ + 1]) {
  // The same room to start with either way.
  if (mask_ == 0) shards_[0].set = VisitedSet(kShardStart * kShards);
}

bool SharedVisitedSet::Insert(uint64_t fp) {
  fp = ScrambleFingerprint(fp, hash_seed_);
  Shard& shard = shards_[fp & mask_];
  if (mask_ == 0) return shard.set.Insert(fp);
  std::lock_guard<ShardLock> lock(shard.mu);
  const bool is_new = shard.set.Insert(fp);
  const VisitedSet::Whereabouts w = shard.set.Where();
  Hint& hint = hints_[fp & mask_];
  if (w.base != hint.base.load(std::memory_order_relaxed)) {
    hint.base.store(w.base, std::memory_order_relaxed);
    hint.capacity.store(w.capacity, std::memory_order_relaxed);
    hint.width.store(w.width, std::memory_order_relaxed);
    hint.shift.store(w.shift, std::memory_order_relaxed);
  }
  return is_new;
}

void SharedVisitedSet::Prefetch(uint64_t fp) const {
  fp = ScrambleFingerprint(fp, hash_seed_);
  const Shard& shard = shards_[fp & mask_];
  if (mask_ == 0) return shard.set.Prefetch(fp);
  __builtin_prefetch(&shard.mu, 1);
  const Hint& hint = hints_[fp & mask_];
  VisitedSet::Whereabouts w;
  w.base = hint.base.load(std::memory_order_relaxed);
  if (w.base == nullptr) return;
  w.capacity = hint.capacity.load(std::memory_order_relaxed);
  w.width = hint.width.load(std::memory_order_relaxed);
  w.shift = hint.shift.load(std::memory_order_relaxed);
  VisitedSet::PrefetchIn(w, fp);
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
  return (mask_ + 1) * (sizeof(Shard) + sizeof(Hint)) + Sum(&VisitedSet::bytes);
}

double SharedVisitedSet::CollisionOdds() const { return CollisionOddsOf(size()); }

void SharedVisitedSet::Release() {
  shards_.reset(new Shard[mask_ + 1]);
  hints_.reset(new Hint[mask_ + 1]);
  if (mask_ == 0) shards_[0].set = VisitedSet(kShardStart * kShards);
}

}  // namespace lockcheck
