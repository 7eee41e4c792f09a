#include "checker/memory.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "gtest/gtest.h"

namespace lockcheck {
namespace {

TEST(MemoryTest, CurrentRssFollowsWhatIsTouchedAndStaysUnderThePeak) {
  const uint64_t before = CurrentRssBytes();
  EXPECT_GT(before, 0u);
  // 64 MiB written page by page must show up in the resident set (statm counts pages).
  constexpr size_t kBytes = 64 << 20;
  std::unique_ptr<char[]> block(new char[kBytes]);
  std::memset(block.get(), 1, kBytes);
  const uint64_t after = CurrentRssBytes();
  EXPECT_GE(after, before + kBytes / 2);
  EXPECT_LE(after, PeakRssBytes() + (1 << 20));  // statm and status's high-water mark agree
  volatile char sink = block[kBytes - 1];
  (void)sink;
}

TEST(MemoryTest, DefaultLimitIsThreeQuartersOfTheMachine) {
  EXPECT_GT(DefaultMemoryLimitBytes(), 0u);
}

}  // namespace
}  // namespace lockcheck
