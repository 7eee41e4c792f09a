// VisitedSet: the fingerprints of every stored state, in one compact open-addressed table.
//
// What is stored of a 64-bit fingerprint is its key: its top kKeyBits bits (60). A key's home
// slot is picked by multiply-shift (the high word of key * capacity, Lemire's range reduction),
// so the capacity need not be a power of two and the table can grow by an eighth. A slot holds
// only what the home does not imply (Cleary 1984; van der Vegt and Laarman 2011): the keys with
// one home form a range of at most 2^r keys, r = kKeyBits - floor(log2(capacity)), so the
// key's low r bits, with the home, give the key back. The home is known from the slot's
// position and a 7-bit displacement (how far the entry sits past its home), kept small by
// Robin Hood linear probing (Celis 1986): the entries of a run are in the order of their homes,
// a search stops at the first entry that sits nearer its home than the searched key would, and
// an insert shifts the rest of the run up by one. Slots are packed at ceil((7 + r) / 8) bytes:
// 6 bytes from 2^19 slots up (7 below, down to 8 for tiny tables). At most 9/10 full and grown
// by a sixth, the table holds 6.7 to 7.8 bytes per state once past half a million states.
// A growth rebuilds the keys from the old table in slot order (their homes in order, so each
// home's first key follows from the previous one's without a division) into a fresh table from
// the kernel (ZeroedMemory); the two coexist for the moment of a growth.
//
// Two states whose fingerprints share a key count as one, and the search would skip the second:
// with n states the odds of any such collision are about n^2 / 2^(kKeyBits + 1) (CollisionOdds),
// which the statistics state. SharedVisitedSet's shards take the low 6 bits of the fingerprint
// for the shard and keep the top 54 bits in the shard's table: 60 bits of it again.
#ifndef LOCKCHECK_CHECKER_VISITED_SET_H_
#define LOCKCHECK_CHECKER_VISITED_SET_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "checker/memory.h"

namespace lockcheck {

// The bits of a fingerprint that tell two states apart (see the file comment).
inline constexpr int kKeyBits = 60;

// The odds that two of `states` stored states share their key (one of them then went
// unexplored): about states^2 / 2^61.
double CollisionOddsOf(uint64_t states);

class VisitedSet {
 public:
  // `key_bits`: how many of a fingerprint's top bits are its key (fewer for a shard, whose
  // fingerprints share their low bits).
  explicit VisitedSet(std::size_t initial_capacity = 1 << 10, int key_bits = kKeyBits);
  // Inserts; true when the fingerprint was new.
  bool Insert(uint64_t fingerprint);
  bool Contains(uint64_t fingerprint) const;
  // Starts loading the fingerprint's home slot into the cache, for an Insert a little later.
  void Prefetch(uint64_t fingerprint) const { PrefetchIn(Where(), fingerprint); }
  // Where the slots are, for a prefetch from another thread (SharedVisitedSet): a copy read
  // without the shard's lock may be stale, and a prefetch of a stale address does nothing.
  struct Whereabouts {
    const unsigned char* base = nullptr;
    uint64_t capacity = 0, width = 0;
    int shift = 0;
  };
  Whereabouts Where() const {
    return {slots_.get(), shape_.capacity, shape_.width, shape_.shift};
  }
  static void PrefetchIn(const Whereabouts& w, uint64_t fingerprint);
  uint64_t size() const { return size_; }
  uint64_t bytes() const {
    return slots_.bytes() + overflow_.capacity() * (sizeof(uint64_t) + 1);
  }
  // Probability that two of the stored states share a fingerprint.
  double CollisionOdds() const;

 private:
  // A table's shape: its capacity, and what follows from it.
  struct Shape {
    Shape() = default;
    Shape(uint64_t capacity, int key_bits);
    uint64_t capacity = 0;
    int shift = 0;         // 64 - the key's bits
    int rem_bits = 0;      // the low bits of a key a slot keeps
    uint64_t width = 0;    // bytes per slot
    uint64_t mask = 0;     // a slot's bits in the 8 bytes read at its start
    uint64_t Home(uint64_t key) const;
  };
  // Where a search for `key` ended: at its entry (found), or where it would go, with the
  // displacement it would have there.
  struct Probe {
    bool found;
    uint64_t slot;
    uint64_t displacement;
  };
  Probe Find(uint64_t key) const;
  // Puts `key`, absent, at the probe's end, shifting the rest of the run up; false (and the
  // table unchanged) when a displacement would outgrow its field.
  bool Place(uint64_t key, const Probe& at);
  uint64_t Load(uint64_t slot) const;
  void Store(uint64_t slot, uint64_t value);
  uint64_t Next(uint64_t slot) const { return slot + 1 == shape_.capacity ? 0 : slot + 1; }
  // Rebuilds the table with `capacity` slots (an entry that no longer fits goes to overflow_).
  void Grow(uint64_t capacity);
  int key_bits_;
  Shape shape_;
  // Keys whose run outgrew the displacement field (with fingerprints from a good hash, about
  // never; with keys crowded on a few homes, every one past 127 of a home): kept aside in a
  // plain set, so that no growth is needed to place them, and counted in size() and bytes().
  absl::flat_hash_set<uint64_t> overflow_;
  ZeroedMemory slots_;
  uint64_t size_ = 0;
};

// The same table cut into shards by the fingerprint's low bits, each behind its own lock, for
// searches on several threads: workers rarely meet on a shard, and each shard grows alone.
// Without `concurrent` (one worker), it is one table and no lock is taken.
class SharedVisitedSet {
 public:
  // `hash_seed` scrambles the fingerprints before they are stored (ScrambleFingerprint in
  // hashing.h; 0: stored as they are), so that two swarm members' key collisions differ.
  SharedVisitedSet(bool concurrent, uint64_t hash_seed);
  bool Insert(uint64_t fingerprint);
  // VisitedSet::Prefetch, and the shard's lock: with several workers, from the whereabouts
  // the shard's last insert left (another worker may be growing it meanwhile).
  void Prefetch(uint64_t fingerprint) const;
  // Sums the shards' counts (a count shared by the workers would bounce between their caches
  // on every insert).
  uint64_t size() const;
  uint64_t bytes() const;  // everything, the shards' locks too
  double CollisionOdds() const;
  // Gives the memory back: an empty set again (a recording search's, once the record is whole).
  void Release();

 private:
  // Each shard starts at 16 slots: a small search's store stays small (starting them at 1,024
  // put 512 KiB in front of a 4,000-state search, 125 bytes a state, and gained no time).
  static constexpr uint64_t kShardStart = 16;
  static constexpr uint64_t kShards = 64;  // the fingerprint's low 6 bits
  // A shard's lock is held for one insert (tens of nanoseconds) or, rarely, one growth of the
  // shard. Taken by one atomic exchange and given back by a plain store, where a mutex's unlock
  // is a second atomic read-modify-write (with two workers, the mutex's pair was a tenth of the
  // search's time); a waiter yields the core, so a holder that was preempted gets it.
  class ShardLock {
   public:
    void lock() {
      while (held_.exchange(true, std::memory_order_acquire)) {
        while (held_.load(std::memory_order_relaxed)) std::this_thread::yield();
      }
    }
    void unlock() { held_.store(false, std::memory_order_release); }

   private:
    std::atomic<bool> held_{false};
  };
  struct alignas(64) Shard {
    ShardLock mu;
    VisitedSet set{kShardStart, kKeyBits - 6};  // the low 6 bits pick the shard
  };
  // A shard's set.Where() as of its last growth, for Prefetch (read without the lock). Apart
  // from the shard, whose line every insert writes: these lines stay in every worker's cache.
  struct alignas(64) Hint {
    std::atomic<const unsigned char*> base{nullptr};
    std::atomic<uint64_t> capacity{0}, width{0};
    std::atomic<int> shift{0};
  };
  // Adds up one figure of every shard.
  uint64_t Sum(uint64_t (VisitedSet::*of)() const) const;

  const uint64_t mask_;  // a fingerprint's shard: fingerprint & mask_ (0: one table, no lock)
  const uint64_t hash_seed_;
  std::unique_ptr<Shard[]> shards_;
  std::unique_ptr<Hint[]> hints_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_VISITED_SET_H_
