// VisitedSet: the fingerprints of every stored state, in one open-addressed table.
//
// A slot is one 64-bit fingerprint (0 means empty; Fingerprint never returns 0). Linear
// probing from a home slot picked by multiply-shift, so the capacity need not be a power of
// two: the table grows by a quarter when 17/20 full, and holds 9.4 to 11.8 bytes per state
// (the old and new tables coexist for the moment of a growth). At 17/20 full, linear
// probing's unsuccessful search looks at about 23 slots (three cache lines) at worst. A fingerprint collision would
// make the search skip a state; with n states the odds of any collision are about n^2 / 2^65
// (CollisionOdds), which the statistics state.
#ifndef LOCKCHECK_CHECKER_VISITED_SET_H_
#define LOCKCHECK_CHECKER_VISITED_SET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace lockcheck {

class VisitedSet {
 public:
  explicit VisitedSet(std::size_t initial_capacity = 1 << 10);
  // Inserts; true when the fingerprint was new.
  bool Insert(uint64_t fingerprint);
  bool Contains(uint64_t fingerprint) const;
  uint64_t size() const { return size_; }
  uint64_t bytes() const { return slots_.size() * sizeof(uint64_t); }
  // Probability that two of the stored states share a fingerprint.
  double CollisionOdds() const;

 private:
  void Grow();
  std::vector<uint64_t> slots_;
  uint64_t size_ = 0;
};

// The same table cut into shards by the fingerprint's low bits, each behind its own mutex, for
// searches on several threads: workers rarely meet on a shard, and each shard grows alone.
// Without `concurrent` (one worker), it is one table and no mutex is taken.
class SharedVisitedSet {
 public:
  explicit SharedVisitedSet(bool concurrent);
  bool Insert(uint64_t fingerprint);
  // Sums the shards' counts (a count shared by the workers would bounce between their caches
  // on every insert).
  uint64_t size() const;
  uint64_t bytes() const;  // everything, the shards' mutexes too
  double CollisionOdds() const;

 private:
  static constexpr uint64_t kShards = 64;
  struct alignas(64) Shard {
    std::mutex mu;
    VisitedSet set{16};
  };
  // Adds up one figure of every shard.
  uint64_t Sum(uint64_t (VisitedSet::*of)() const) const;

  const uint64_t mask_;  // a fingerprint's shard: fingerprint & mask_ (0: one table, no mutex)
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_VISITED_SET_H_
