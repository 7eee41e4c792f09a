#include "checker/visited_set.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <unordered_set>
#include <vector>
#include <utility>

#include "gtest/gtest.h"

namespace lockcheck {
namespace {

// Distinct non-zero fingerprints spread over every shard.
uint64_t Fp(uint64_t i) { return (i + 1) * 0x9E3779B97F4A7C15ull; }

TEST(VisitedSetTest, InsertsOnceAndGrowsPastItsStart) {
  VisitedSet set(16);
  for (uint64_t i = 0; i < 10'000; ++i) EXPECT_TRUE(set.Insert(Fp(i)));
  for (uint64_t i = 0; i < 10'000; ++i) EXPECT_FALSE(set.Insert(Fp(i)));
  EXPECT_EQ(set.size(), 10'000u);
  EXPECT_TRUE(set.Contains(Fp(42)));
  EXPECT_FALSE(set.Contains(Fp(10'000)));
  // 2^13 to 2^14 slots keep 47 key bits and a displacement: 7 bytes, at 0.77 to 0.9 full.
  EXPECT_GE(set.bytes(), 10'000u * 7 * 10 / 9);
  EXPECT_LE(set.bytes(), 10'000u * 7 * 13 / 10 + 16);
}

TEST(VisitedSetTest, LargeTablesComeFromTheirOwnMappingAndKeepEveryFingerprint) {
  // Past 256 KiB of slots a table is a mapping of its own (ZeroedMemory): a few growths of those.
  VisitedSet set(16);
  constexpr uint64_t kStates = 300'000;
  for (uint64_t i = 0; i < kStates; ++i) ASSERT_TRUE(set.Insert(Fp(i)));
  for (uint64_t i = 0; i < kStates; ++i) ASSERT_TRUE(set.Contains(Fp(i))) << i;
  EXPECT_FALSE(set.Contains(Fp(kStates)));
  // A table moved from keeps nothing of the mapping (it is released once).
  VisitedSet moved = std::move(set);
  EXPECT_TRUE(moved.Contains(Fp(kStates - 1)));
  EXPECT_EQ(moved.size(), kStates);
}

TEST(VisitedSetTest, AgreesWithAHashSetOnRandomFingerprintsThroughEveryGrowth) {
  // Random keys with many repeats; every answer checked against std::unordered_set of keys.
  std::mt19937_64 rng(12345);
  VisitedSet set(16);
  std::unordered_set<uint64_t> oracle;
  std::vector<uint64_t> seen;
  for (int i = 0; i < 600'000; ++i) {
    uint64_t fp;
    if (!seen.empty() && rng() % 3 == 0) {
      fp = seen[rng() % seen.size()];
    } else {
      fp = rng() | 1;
      seen.push_back(fp);
    }
    const bool fresh = oracle.insert(fp >> (64 - kKeyBits)).second;
    ASSERT_EQ(set.Insert(fp), fresh) << i;
  }
  EXPECT_EQ(set.size(), oracle.size());
  for (uint64_t fp : seen) ASSERT_TRUE(set.Contains(fp));
  for (int i = 0; i < 10'000; ++i) {
    const uint64_t fp = rng() | 1;
    ASSERT_EQ(set.Contains(fp), oracle.contains(fp >> (64 - kKeyBits)));
  }
}

TEST(VisitedSetTest, KeysOfOneHomeAndKeysAtTheTopWrapRound) {
  // The largest keys have their homes in the last slots: their runs wrap round to slot 0, and
  // a growth must give them back their homes there. Keys differing only in their low bits share
  // a home; keys differing only in their top bits have homes far apart.
  VisitedSet set(16);
  std::vector<uint64_t> fps;
  for (uint64_t i = 0; i < 2'000; ++i) {
    fps.push_back(~uint64_t{0} - (i << 40));  // the top of the key space, homes at the end
    fps.push_back(((i + 1) << 52) | (uint64_t{7} << (64 - kKeyBits)));  // high bits only
  }
  // 100 keys of one home (in every table under 2^50 slots): one run, in the table itself.
  for (uint64_t i = 0; i < 100; ++i)
    fps.push_back((uint64_t{1} << 63) | ((i + 1) << (64 - kKeyBits)));
  for (uint64_t fp : fps) ASSERT_TRUE(set.Insert(fp)) << std::hex << fp;
  for (uint64_t fp : fps) ASSERT_FALSE(set.Insert(fp)) << std::hex << fp;
  for (uint64_t fp : fps) ASSERT_TRUE(set.Contains(fp)) << std::hex << fp;
  EXPECT_EQ(set.size(), fps.size());
  // The bits below the key do not tell states apart: that is what the odds count.
  EXPECT_FALSE(set.Insert(fps[0] ^ 1));
}

TEST(VisitedSetTest, RunsPastTheLastSlotWrapRoundAndGrowthsKeepThem) {
  // 100 keys with homes in the last 20 of 1024 slots: their run goes on from slot 0. Then
  // random keys until the table has grown several times: each growth must rebuild the wrapped
  // keys from their homes at the end, not from where they sit.
  VisitedSet set(1024);
  std::vector<uint64_t> top;
  for (uint64_t i = 0; i < 100; ++i) top.push_back(~uint64_t{0} - i * (~uint64_t{0} / 5120));
  for (uint64_t fp : top) ASSERT_TRUE(set.Insert(fp));
  for (uint64_t fp : top) ASSERT_TRUE(set.Contains(fp));
  const uint64_t bytes = set.bytes();
  for (uint64_t i = 0; i < 20'000; ++i) ASSERT_TRUE(set.Insert(Fp(i)));
  EXPECT_GT(set.bytes(), 4 * bytes);
  for (uint64_t fp : top) ASSERT_TRUE(set.Contains(fp));
  for (uint64_t fp : top) ASSERT_FALSE(set.Insert(fp));
  EXPECT_EQ(set.size(), 20'100u);
}

TEST(VisitedSetTest, ARunTooLongForItsDisplacementOverflowsAsideWithoutGrowing) {
  // 200 keys of one home in a table of 256 slots: past 127 the displacement field is full; the
  // rest are kept aside, none is lost, and the table does not grow for them (growing would not
  // split one home's keys before the table were of astronomical size).
  VisitedSet set(256);
  for (uint64_t i = 0; i < 200; ++i) ASSERT_TRUE(set.Insert((i + 1) << (64 - kKeyBits)));
  for (uint64_t i = 0; i < 200; ++i) ASSERT_FALSE(set.Insert((i + 1) << (64 - kKeyBits)));
  for (uint64_t i = 0; i < 200; ++i) ASSERT_TRUE(set.Contains((i + 1) << (64 - kKeyBits)));
  EXPECT_FALSE(set.Contains(uint64_t{201} << (64 - kKeyBits)));
  EXPECT_EQ(set.size(), 200u);
  EXPECT_LT(set.bytes(), 256u * 8 + 8 + 128 * 9 * 2);
}

TEST(VisitedSetTest, HoldsUnderEightBytesPerStatePastHalfAMillion) {
  VisitedSet set(16);
  double odds = 0;
  for (uint64_t i = 0; i < 3'000'000; ++i) {
    ASSERT_TRUE(set.Insert(Fp(i)));
    if (i >= 600'000 && i % 1000 == 0) {
      ASSERT_LE(static_cast<double>(set.bytes()) / static_cast<double>(set.size()), 7.8) << i;
    }
    if (i % 100'000 == 0) {
      ASSERT_GE(set.CollisionOdds(), odds);
      odds = set.CollisionOdds();
    }
  }
  // n^2 / 2^61 for 60-bit keys.
  EXPECT_NEAR(set.CollisionOdds(), 9e12 / std::ldexp(1.0, 61), 1e-9);
}

TEST(VisitedSetTest, ASmallSearchHasASmallStoreWithOrWithoutShards) {
  // 4,000 states (a small buffer scenario): the tables start small, so the store stays near the
  // slots' own size. Starting each shard at 1,024 slots once gave 125 bytes a state here.
  SharedVisitedSet one(false, 0), sharded(true, 0);
  for (uint64_t i = 0; i < 4'000; ++i) {
    one.Insert(Fp(i));
    sharded.Insert(Fp(i));
  }
  EXPECT_LE(static_cast<double>(one.bytes()) / 4'000, 12.0);
  EXPECT_LE(static_cast<double>(sharded.bytes()) / 4'000, 16.0);
}

TEST(VisitedSetTest, OneTableOrShardsCountTheSame) {
  SharedVisitedSet one(false, 0), sharded(true, 0);
  for (uint64_t i = 0; i < 5'000; ++i) {
    EXPECT_TRUE(one.Insert(Fp(i)));
    EXPECT_TRUE(sharded.Insert(Fp(i)));
  }
  EXPECT_FALSE(one.Insert(Fp(7)));
  EXPECT_FALSE(sharded.Insert(Fp(7)));
  EXPECT_EQ(one.size(), 5'000u);
  EXPECT_EQ(sharded.size(), 5'000u);
  EXPECT_EQ(one.CollisionOdds(), sharded.CollisionOdds());
  // The shards' own room (a mutex each) is counted: 64 of them cost more than one table.
  EXPECT_GT(sharded.bytes(), one.bytes());
}

}  // namespace
}  // namespace lockcheck
