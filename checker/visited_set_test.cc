#include "checker/visited_set.h"

#include <cstdint>
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
  // Grown by a quarter at four fifths full: between 8 / (4/5) and 8 / (4/5 / 1.25) bytes.
  EXPECT_GE(set.bytes(), 10'000u * 10);
  EXPECT_LE(set.bytes(), 10'000u * 25 / 2 + 16 * 8);
}

TEST(VisitedSetTest, LargeTablesComeFromTheirOwnMappingAndKeepEveryFingerprint) {
  // Past 256 KiB of slots a table is a mapping of its own (Slots): a few growths of those.
  VisitedSet set(16);
  constexpr uint64_t kStates = 300'000;  // about 3 MiB of slots at the end
  for (uint64_t i = 0; i < kStates; ++i) ASSERT_TRUE(set.Insert(Fp(i)));
  EXPECT_GE(set.bytes(), kStates * 8 * 5 / 4);
  for (uint64_t i = 0; i < kStates; ++i) ASSERT_TRUE(set.Contains(Fp(i))) << i;
  EXPECT_FALSE(set.Contains(Fp(kStates)));
  // A table moved from keeps nothing of the mapping (it is released once).
  VisitedSet moved = std::move(set);
  EXPECT_TRUE(moved.Contains(Fp(kStates - 1)));
  EXPECT_EQ(moved.size(), kStates);
}

TEST(VisitedSetTest, OneTableOrShardsCountTheSame) {
  SharedVisitedSet one(false), sharded(true);
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
