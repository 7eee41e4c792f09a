// The non-exhaustive strategies (strategies.h): what each finds, what it says it covered, and
// that the same seed gives the same report.
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kLostUpdate[] = R"(
import threading
counter = 0
def work():
    global counter
    for _ in range(2):
        counter += 1
threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 4
)";

constexpr char kBarging[] = R"(
import threading
lock = threading.Lock()
done = False
def worker():
    while True:
        with lock:
            if done:
                return
def stopper():
    global done
    with lock:
        done = True
t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=stopper)
t1.start()
t2.start()
t1.join()
t2.join()
)";

constexpr char kInversion[] = R"(
import threading
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        with b:
            pass
def two():
    with b:
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
)";

ScenarioResult CheckWith(const std::string& name, const std::string& text,
                         std::vector<OptionSetting> settings, uint64_t seed = 1) {
  CheckRequest request;
  request.path = testing::WriteScenario(name, text);
  request.settings = std::move(settings);
  request.seed = seed;
  return CheckScenario(request);
}

std::vector<BugKind> Kinds(const ScenarioResult& r) {
  std::vector<BugKind> kinds;
  for (const Bug& b : r.bugs) kinds.push_back(b.kind);
  return kinds;
}

TEST(StrategiesTest, RandomWalksFindALostUpdateAndSayTheyAreNotExhaustive) {
  ScenarioResult r = CheckWith("random_lost", kLostUpdate, {{"strategy", "random"}});
  EXPECT_THAT(Kinds(r), ElementsAre(BugKind::kAssertion));
  EXPECT_EQ(r.stats.strategy, "random");
  EXPECT_FALSE(r.stats.complete);
  EXPECT_EQ(r.stats.limit, "strategy");
  EXPECT_EQ(r.stats.coverage,
            "1000 random executions (seed 1), at most 10000 steps each; not exhaustive");
}

TEST(StrategiesTest, TheSameSeedGivesTheSameReport) {
  for (const char* strategy : {"random", "pct"}) {
    ScenarioResult a = CheckWith("seeded_a", kLostUpdate, {{"strategy", strategy}}, 7);
    ScenarioResult b = CheckWith("seeded_a", kLostUpdate, {{"strategy", strategy}}, 7);
    ASSERT_EQ(a.bugs.size(), b.bugs.size());
    for (size_t i = 0; i < a.bugs.size(); ++i) EXPECT_EQ(a.bugs[i].replay, b.bugs[i].replay);
    EXPECT_EQ(a.stats.states, b.stats.states);
    EXPECT_EQ(a.stats.transitions, b.stats.transitions);
  }
}

TEST(StrategiesTest, PctStatesItsBugDepthGuaranteeAndFindsCycles) {
  ScenarioResult r = CheckWith("pct_barging", kBarging, {{"strategy", "pct"}, {"executions", "50"}});
  EXPECT_THAT(Kinds(r), ElementsAre(BugKind::kStarvation));
  EXPECT_THAT(r.stats.coverage, HasSubstr("50 PCT executions (seed 1, depth 3): each finds a "
                                          "given bug of depth 3 with probability at least"));
  EXPECT_THAT(r.stats.coverage, HasSubstr("(n = 3 threads, k = "));
}

// A worker left spinning alone: once an execution is back at a state with no other step taken
// anywhere on the way round, it can only go round for ever, so it ends there (it used to run to
// its 10,000-step cap, 1000 times over) with the livelock found.
TEST(StrategiesTest, AnExecutionEndsOnACycleWithoutChoices) {
  constexpr char kSpinAlone[] = R"(
import threading
lock = threading.Lock()
def worker():
    while True:
        with lock:
            pass
threading.Thread(target=worker).start()
)";
  for (const char* strategy : {"random", "pct"}) {
    ScenarioResult r = CheckWith("spin_alone", kSpinAlone, {{"strategy", strategy}});
    EXPECT_THAT(Kinds(r), ElementsAre(BugKind::kLivelock)) << strategy;
    EXPECT_LE(r.stats.transitions, 1000u * 10) << strategy;
  }
}

TEST(StrategiesTest, PreemptionBoundingCoversSchedulesByPreemptionCount) {
  // Without a preemption each thread runs its increments whole: no update is lost.
  ScenarioResult none =
      CheckWith("bounded0", kLostUpdate, {{"strategy", "bounded"}, {"preemptions", "0"}});
  EXPECT_THAT(none.bugs, IsEmpty());
  EXPECT_EQ(none.status, ScenarioStatus::kIncomplete);
  EXPECT_EQ(none.stats.coverage,
            "every schedule with at most 0 preemptions (iterative preemption bounding); not "
            "exhaustive");
  ScenarioResult one =
      CheckWith("bounded1", kLostUpdate, {{"strategy", "bounded"}, {"preemptions", "1"}});
  EXPECT_THAT(Kinds(one), ElementsAre(BugKind::kAssertion));
}

TEST(StrategiesTest, ABoundThatCutsNothingEndsInTheExhaustiveVerdict) {
  ScenarioResult r = CheckWith("bounded_all", kBarging, {{"strategy", "bounded"}, {"preemptions", "20"}});
  EXPECT_THAT(Kinds(r), ElementsAre(BugKind::kStarvation));
  EXPECT_TRUE(r.stats.complete);
  EXPECT_THAT(r.stats.coverage, HasSubstr("then the exhaustive search of all of them"));
}

TEST(StrategiesTest, EveryStrategyChecksLockOrder) {
  // Regression: the executions' lock-order graph was built before its interpreter reference.
  for (const char* strategy : {"random", "pct", "bounded"}) {
    ScenarioResult r = CheckWith("order", kInversion, {{"strategy", strategy}});
    EXPECT_THAT(Kinds(r), ElementsAre(BugKind::kDeadlock, BugKind::kLockOrder)) << strategy;
  }
}

}  // namespace
}  // namespace lockcheck
