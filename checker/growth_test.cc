// Knowing when a search cannot finish: a state that grows without bound is refused as an input
// error naming the container and its line (growth.h), and the random probes estimate the
// state space before the search (estimate.h).
#include <cmath>
#include <string>
#include <vector>

#include "checker/check.h"
#include "checker/estimate.h"
#include "checker/growth.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::HasSubstr;
using testing::Check;

constexpr char kGlobalList[] = R"(import threading
lst = []
def grow():
    while True:
        lst.append(1)
t = threading.Thread(target=grow)
t.start()
t.join()
)";

TEST(GrowthTest, AGlobalListAppendedToForeverIsAnInputErrorNamingIt) {
  ScenarioResult r = Check("growth_global", kGlobalList);
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 5);
  EXPECT_THAT(r.errors[0].message, HasSubstr("grows without bound: the global `lst` (a list)"));
  EXPECT_THAT(r.errors[0].message, HasSubstr("Thread-1"));
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0], HasSubstr(":5:"));
  EXPECT_THAT(r.rendered_errors[0], HasSubstr("^"));
}

TEST(GrowthTest, ALocalDictOfAThreadThatKeepsTakingALockIsNamedByItsFunction) {
  ScenarioResult r = Check("growth_local", R"(import threading
lock = threading.Lock()
def grow():
    seen = {}
    n = 0
    while True:
        with lock:
            n += 1
            seen[n] = True
threads = [threading.Thread(target=grow) for _ in range(2)]
for t in threads:
    t.start()
)");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("the local `seen` of grow() (a dict)"));
}

TEST(GrowthTest, AStringGrownForeverIsAnInputErrorToo) {
  // Strings are interned, outside the heap: the watch samples them along the path.
  ScenarioResult r = Check("growth_str", R"(import threading
def grow():
    text = ""
    while True:
        with lock:
            text += "ab"
lock = threading.Lock()
t = threading.Thread(target=grow)
t.start()
t.join()
)");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("the local `text` of grow() (a str) is longer"));
}

TEST(GrowthTest, AFiniteGrowthBelowTheThresholdIsSearchedAsBefore) {
  // Grows to 2,000 items at one point on every path, then stops: a finite state space, below
  // the threshold (a 25th of max-object-size: 4,000 items), checked as before.
  ScenarioResult r = Check("growth_bounded", R"(import threading
lst = []
lock = threading.Lock()
def grow():
    for i in range(1000):
        with lock:
            lst.append(i)
threads = [threading.Thread(target=grow) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(lst) == 2000
)",
                         {{"max-states", "20000"}});
  EXPECT_NE(r.status, ScenarioStatus::kError) << (r.rendered_errors.empty() ? "" : r.rendered_errors[0]);
  EXPECT_TRUE(r.bugs.empty());
}

TEST(GrowthTest, TheLargestContainerCountsItemsOfContainersOnly) {
  Machine m;
  m.NewObject(ObjType::kList, 5);
  m.NewObject(ObjType::kDict, 8);  // 4 items
  m.NewObject(ObjType::kLock, 1);
  uint32_t obj = 99;
  EXPECT_EQ(GrowthWatch::LargestContainer(m, &obj), 5u);
  EXPECT_EQ(obj, 0u);
}

TEST(EstimateTest, TheFigureIsDeterministicAndNearTheStatesOfSmallPrograms) {
  const std::string counter = R"(import threading
lock = threading.Lock()
n = 0
def inc():
    global n
    for _ in range(3):
        with lock:
            n += 1
threads = [threading.Thread(target=inc) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert n == 9
)";
  ScenarioResult a = Check("estimate_counter", counter, {{"max-states", "50"}});
  ScenarioResult b = Check("estimate_counter", counter, {{"max-states", "50"}});
  ScenarioResult full = Check("estimate_counter", counter);
  ASSERT_EQ(full.status, ScenarioStatus::kPass);
  EXPECT_EQ(a.status, ScenarioStatus::kIncomplete);
  EXPECT_GT(a.stats.estimated_states, 0);
  EXPECT_EQ(a.stats.estimated_states, b.stats.estimated_states);
  EXPECT_EQ(a.stats.estimated_states, full.stats.estimated_states);
  EXPECT_FALSE(a.stats.estimate_at_least);
  EXPECT_EQ(a.stats.estimate_walks, kEstimateWalks);
  // An order of magnitude: within ten times the states, either way.
  const double states = static_cast<double>(full.stats.states);
  EXPECT_GE(a.stats.estimated_states, states / 10);
  EXPECT_LE(a.stats.estimated_states, states * 10);
  // The cut search says which limit a search of that many states hits.
  EXPECT_EQ(a.stats.predicted_limit, "max-states");
  // A search that finished predicts nothing.
  EXPECT_EQ(full.stats.predicted_limit, "");
}

TEST(EstimateTest, PredictLimitNamesTheFirstLimitAndWhen) {
  StateEstimate e;
  e.states = 1e9;
  e.walks = 32;
  CheckOptions o;
  o.max_states = 1'000'000;
  o.memory_limit_mb = 1024;
  double seconds = 0;
  // 100 bytes a state: the memory holds about 10.7M states, max-states comes first.
  EXPECT_EQ(PredictLimit(e, o, 100, 1e5, &seconds), "max-states");
  EXPECT_NEAR(seconds, 10, 0.01);
  // 10,000 bytes a state: the memory holds 107,374 states, hit in about 1.07 s.
  EXPECT_EQ(PredictLimit(e, o, 10'000, 1e5, &seconds), "memory-limit");
  EXPECT_NEAR(seconds, 1.07, 0.01);
  o.time_limit = 0.5;
  EXPECT_EQ(PredictLimit(e, o, 10'000, 1e5, &seconds), "time-limit");
  e.states = 1000;  // fits everywhere
  EXPECT_EQ(PredictLimit(e, o, 10'000, 1e5, &seconds), "");
  EXPECT_EQ(seconds, 0);
}

TEST(EstimateTest, HopelessOnlyWithoutTheUsersBoundsAndAMillionTimesPastTheMemory) {
  StateEstimate e;
  e.walks = 1;
  CheckOptions o;
  o.memory_limit_mb = 1024;  // 67 million states at 16 bytes
  double capacity = 0;
  e.states = 1e13;
  EXPECT_FALSE(Hopeless(e, o, &capacity));
  EXPECT_NEAR(capacity, 67108864, 1);
  e.states = 1e15;
  EXPECT_TRUE(Hopeless(e, o, &capacity));
  o.max_states = 1000;  // the user's own bound: it is theirs to keep
  EXPECT_FALSE(Hopeless(e, o, &capacity));
  o.max_states = 0;
  o.time_limit = 60;
  EXPECT_FALSE(Hopeless(e, o, &capacity));
  o.time_limit = 0;
  o.stop_on_first = true;
  EXPECT_FALSE(Hopeless(e, o, &capacity));
}

TEST(EstimateTest, Texts) {
  EXPECT_EQ(EstimateText(3456, false), "~3,500");
  EXPECT_EQ(EstimateText(7, false), "~7");
  EXPECT_EQ(EstimateText(1.6e21, true), "at least ~1.6e+21");
  EXPECT_EQ(DurationText(40), "40 s");
  EXPECT_EQ(DurationText(720), "12 min");
  EXPECT_EQ(DurationText(90 * 86400), "90 days");
}

}  // namespace
}  // namespace lockcheck
