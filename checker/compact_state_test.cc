#include "checker/compact_state.h"

#include <cstdint>
#include <limits>

#include "checker/state_list.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

PackedState Words(std::initializer_list<uint64_t> words) { return PackedState(words); }

TEST(CompactStateTest, GivesBackTheSameWords) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  for (const PackedState& words :
       {Words({}), Words({0}), Words({0x7f, 0x80, 0x3fff, 0x4000}),
        Words({max, 0, max - 1, uint64_t{1} << 63, 0x0000010000080001}),
        Words({0x1a, 0x1a, 0x284, 0x3b, 0x10})}) {
    CompactState compact;
    CompactInto(words, compact);
    PackedState back = Words({1, 2, 3});  // overwritten, whatever it held
    ExpandInto(compact, back);
    EXPECT_EQ(back, words);
  }
}

TEST(CompactStateTest, SmallWordsTakeOneByteEach) {
  PackedState words(100, 0x1a);
  CompactState compact;
  CompactInto(words, compact);
  EXPECT_EQ(compact.size(), 1 + 100);  // the count, then one byte a word
}

TEST(CompactStateTest, ABufferIsReusedForAShorterState) {
  CompactState compact;
  CompactInto(PackedState(50, uint64_t{1} << 40), compact);
  CompactInto(Words({5, 6}), compact);
  PackedState back;
  ExpandInto(compact, back);
  EXPECT_EQ(back, Words({5, 6}));
}

TEST(CompactStateTest, AListKeepsStatesOneAfterAnother) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  const std::vector<PackedState> states = {Words({3, 0x80, max}), Words({}),
                                           PackedState(40, 0x4000), Words({7})};
  CompactStateList list;
  for (const PackedState& s : states) list.Add(s);
  ASSERT_EQ(list.size(), states.size());
  // Copied state by state into another list, in another order, the bytes as they are.
  CompactStateList other;
  for (size_t i = states.size(); i-- > 0;) other.AddFrom(list, i);
  PackedState back;
  for (size_t i = 0; i < states.size(); ++i) {
    list.Get(i, back);
    EXPECT_EQ(back, states[i]);
    other.Get(states.size() - 1 - i, back);
    EXPECT_EQ(back, states[i]);
  }
  list.Clear();
  EXPECT_EQ(list.size(), 0u);
  list.Add(states[3]);
  list.Get(0, back);
  EXPECT_EQ(back, states[3]);
}

}  // namespace
}  // namespace lockcheck
