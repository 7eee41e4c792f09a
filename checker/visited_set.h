// VisitedSet: the fingerprints of every stored state, in one open-addressed table.
//
// A slot is one 64-bit fingerprint (0 means empty; Fingerprint never returns 0). Linear
// probing from a home slot picked by multiply-shift, so the capacity need not be a power of
// two: the table grows by a quarter when 4/5 full, and holds 10 to 12.5 bytes per state
// (the old and new tables coexist for the moment of a growth). A growth copies the old table
// in slot order, which writes the new one nearly in order too (a home scales with the
// capacity); the new table comes zeroed from the kernel (Slots). At 4/5 full,
// linear probing's unsuccessful search looks at about 13 slots (two cache lines) on average.
// A fingerprint collision would make the search skip a state; with n states the odds of any collision are about n^2 / 2^65
// (CollisionOdds), which the statistics state.
#ifndef LOCKCHECK_CHECKER_VISITED_SET_H_
#define LOCKCHECK_CHECKER_VISITED_SET_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace lockcheck {

class VisitedSet {
 public:
  explicit VisitedSet(std::size_t initial_capacity = 1 << 10);
  // Inserts; true when the fingerprint was new.
  bool Insert(uint64_t fingerprint);
  bool Contains(uint64_t fingerprint) const;
  // Starts loading the fingerprint's home slot into the cache, for an Insert a little later.
  void Prefetch(uint64_t fingerprint) const;
  uint64_t size() const { return size_; }
  uint64_t bytes() const { return capacity_ * sizeof(uint64_t); }
  // Probability that two of the stored states share a fingerprint.
  double CollisionOdds() const;

 private:
  // Zeroed memory for `capacity` slots: from calloc when small; when large, mapped fresh from
  // the kernel and faulted in at once (no pass of ours clears it).
  class Slots {
   public:
    Slots() = default;
    explicit Slots(uint64_t capacity);
    Slots(Slots&& o) noexcept : p_(o.p_), bytes_(o.bytes_), mapped_(o.mapped_) { o.p_ = nullptr; }
    Slots& operator=(Slots&& o) noexcept;
    ~Slots() { Release(); }
    uint64_t* get() const { return p_; }
    uint64_t& operator[](uint64_t i) const { return p_[i]; }

   private:
    void Release();
    uint64_t* p_ = nullptr;
    size_t bytes_ = 0;
    bool mapped_ = false;
  };
  void Grow();
  Slots slots_;
  uint64_t capacity_ = 0;
  uint64_t size_ = 0;
};

// The same table cut into shards by the fingerprint's low bits, each behind its own lock, for
// searches on several threads: workers rarely meet on a shard, and each shard grows alone.
// Without `concurrent` (one worker), it is one table and no lock is taken.
class SharedVisitedSet {
 public:
  explicit SharedVisitedSet(bool concurrent);
  bool Insert(uint64_t fingerprint);
  // VisitedSet::Prefetch, with one worker (with several, another may be growing the shard).
  void Prefetch(uint64_t fingerprint) const {
    if (mask_ == 0) shards_[0].set.Prefetch(fingerprint);
  }
  // Sums the shards' counts (a count shared by the workers would bounce between their caches
  // on every insert).
  uint64_t size() const;
  uint64_t bytes() const;  // everything, the shards' locks too
  double CollisionOdds() const;

 private:
  static constexpr uint64_t kShards = 64;
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
    VisitedSet set{16};
  };
  // Adds up one figure of every shard.
  uint64_t Sum(uint64_t (VisitedSet::*of)() const) const;

  const uint64_t mask_;  // a fingerprint's shard: fingerprint & mask_ (0: one table, no lock)
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_VISITED_SET_H_
