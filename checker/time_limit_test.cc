// Verdicts under --time-limit (check.cc, ConcludeScenario): a search the clock cuts is
// `incomplete` whatever it found, on every run, and a limit that is not hit changes nothing.
#include <algorithm>
#include <string>
#include <vector>

#include "checker/check.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::Contains;
using testing::WriteScenario;

// Six philosophers, left fork first: 12,184 states, a deadlock and a lock-order cycle that a
// cut search may or may not have met by the time it stops.
constexpr char kPhilosophers[] = R"(# lockcheck: expect=deadlock,lock-order
import threading
forks = [threading.Lock() for i in range(6)]
def philosopher(i):
    with forks[i]:
        with forks[(i + 1) % 6]:
            pass
threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)";

ScenarioResult Check(const std::string& name, std::vector<OptionSetting> settings) {
  CheckRequest request;
  request.path = WriteScenario(name, kPhilosophers);
  request.settings = std::move(settings);
  return CheckScenario(request);
}

TEST(TimeLimitTest, ASearchTheClockCutsIsIncompleteWhateverItFound) {
  // The limit is checked every 1,024 steps, so a nanosecond cuts the search at its first
  // check. Whether the deadlock was met by then depends on the machine; the verdict does not.
  for (int run = 0; run < 3; ++run) {
    SCOPED_TRACE(run);
    ScenarioResult r = Check("philosophers_cut", {{"time-limit", "1e-9"}});
    EXPECT_EQ(r.status, ScenarioStatus::kIncomplete);
    EXPECT_FALSE(r.stats.complete);
    EXPECT_EQ(r.stats.limit, "time-limit");
    EXPECT_FALSE(r.matched_expectation);
    EXPECT_LT(r.stats.states, 12184);
    // What it found is kept, each with its replay token.
    for (const Bug& b : r.bugs) EXPECT_FALSE(b.replay.empty()) << b.message;
  }
}

TEST(TimeLimitTest, ALimitThatIsNotHitChangesNothing) {
  ScenarioResult free = Check("philosophers_free", {});
  ScenarioResult limited = Check("philosophers_limited", {{"time-limit", "1000"}});
  ASSERT_TRUE(free.stats.complete);
  ASSERT_TRUE(limited.stats.complete);
  EXPECT_EQ(limited.status, free.status);
  EXPECT_EQ(limited.matched_expectation, free.matched_expectation);
  EXPECT_TRUE(limited.matched_expectation);
  EXPECT_EQ(limited.stats.states, free.stats.states);
  EXPECT_EQ(limited.stats.transitions, free.stats.transitions);
  ASSERT_EQ(limited.bugs.size(), free.bugs.size());
  for (size_t i = 0; i < free.bugs.size(); ++i) {
    EXPECT_EQ(limited.bugs[i].id, free.bugs[i].id);
    EXPECT_EQ(limited.bugs[i].message, free.bugs[i].message);
    EXPECT_EQ(limited.bugs[i].replay, free.bugs[i].replay);
    EXPECT_EQ(limited.bugs[i].trace.size(), free.bugs[i].trace.size());
  }
}

TEST(TimeLimitTest, ABoundThatCutsAtTheSamePlaceEveryRunKeepsItsVerdict) {
  // max-states stops after the same states every run: a cut that found every declared bug
  // still matches, as before.
  ScenarioResult r = Check("philosophers_bounded", {{"max-states", "3000"}});
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.limit, "max-states");
  std::vector<BugKind> kinds;
  for (const Bug& b : r.bugs) kinds.push_back(b.kind);
  EXPECT_THAT(kinds, Contains(BugKind::kLockOrder));
  EXPECT_EQ(r.status, ScenarioStatus::kFail);
  EXPECT_EQ(r.matched_expectation, std::find(kinds.begin(), kinds.end(), BugKind::kDeadlock) !=
                                       kinds.end());
  ScenarioResult again = Check("philosophers_bounded_again", {{"max-states", "3000"}});
  EXPECT_EQ(again.stats.states, r.stats.states);
  EXPECT_EQ(again.matched_expectation, r.matched_expectation);
}

}  // namespace
}  // namespace lockcheck
