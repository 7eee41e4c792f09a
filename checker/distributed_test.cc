// The distributed search (distributed.h) on ranks that are threads of this process
// (LocalTransport), each loading the scenario for itself as an MPI rank does, so each has an
// interner of its own: the report must be the one-process report, whatever the number of
// ranks. (tools/distributed_test.sh runs the same comparison through mpirun.)
#include "checker/distributed.h"

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/check.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using testing::WriteScenario;

// Rank 0's result of the scenario checked on `ranks` ranks.
ScenarioResult Distributed(const std::string& path, int ranks,
                           std::vector<OptionSetting> settings = {},
                           std::vector<ScenarioResult>* all = nullptr, int jobs = 1,
                           const std::function<void(CheckRequest&)>& edit = nullptr) {
  LocalTransport::Group group(ranks);
  std::vector<ScenarioResult> results(static_cast<size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      CheckRequest request;
      request.path = path;
      request.settings = settings;
      request.jobs = jobs;
      request.transport = &group.member(r);
      if (edit) edit(request);
      results[static_cast<size_t>(r)] = CheckScenario(request);
    });
  }
  for (std::thread& t : threads) t.join();
  if (all != nullptr) *all = results;
  return results[0];
}

ScenarioResult OneProcess(const std::string& path, std::vector<OptionSetting> settings = {}) {
  CheckRequest request;
  request.path = path;
  request.settings = std::move(settings);
  request.jobs = 2;
  return CheckScenario(request);
}

// Everything in a report that does not depend on the run (report_figures.py's list, and the
// search order and ranks of a distributed run).
std::string Figures(const ScenarioResult& r) {
  std::string s = absl::StrCat("status ", static_cast<int>(r.status), " matched ",
                               r.matched_expectation, " states ", r.stats.states, " transitions ",
                               r.stats.transitions, " reduced ", r.stats.reduced_states,
                               " complete ", r.stats.complete, " limit '", r.stats.limit,
                               "' odds ", r.stats.collision_odds, "\n");
  for (const Bug& b : r.bugs) {
    absl::StrAppend(&s, "bug ", b.id, " ", BugKindName(b.kind), " ", b.message, " steps ",
                    b.trace.size(), " token ", b.replay, " wait ", b.wait_for, "\n");
  }
  for (const std::string& e : r.rendered_errors) absl::StrAppend(&s, "error ", e, "\n");
  return s;
}

// Philosophers, each left fork first, and a counter updated without its lock: a deadlock, a
// lost update (assertion) and a lock-order warning, in a program without loops.
const char* kDining = R"(# lockcheck: expect=deadlock,assertion,lock-order
import threading
N = 3
forks = [threading.Lock() for _ in range(N)]
count = 0
def phil(i):
    global count
    with forks[i]:
        with forks[(i + 1) % N]:
            pass
    c = count
    count = c + 1
threads = [threading.Thread(target=phil, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert count == N, f"lost an update: {count}"
)";

TEST(DistributedTest, ReportIsTheOneProcessReportOnOneToFourRanks) {
  const std::string path = WriteScenario("dist_dining.py", kDining);
  const ScenarioResult one = OneProcess(path);
  ASSERT_EQ(one.status, ScenarioStatus::kFail);
  ASSERT_EQ(one.bugs.size(), 3u);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    std::vector<ScenarioResult> all;
    const ScenarioResult d = Distributed(path, ranks, {}, &all);
    EXPECT_EQ(Figures(d), Figures(one)) << ranks << " ranks";
    EXPECT_EQ(d.stats.search_order, "distributed breadth-first");
    // Each rank's share, on every rank; together they are every state, once.
    ASSERT_EQ(d.stats.ranks.size(), static_cast<size_t>(ranks));
    uint64_t states = 0;
    for (const RankShare& s : d.stats.ranks) states += s.states;
    EXPECT_EQ(states, one.stats.states);
    for (const ScenarioResult& r : all) EXPECT_EQ(r.stats.ranks.size(), d.stats.ranks.size());
    if (ranks > 1) {
      for (const RankShare& s : d.stats.ranks) {
        EXPECT_GT(s.states, 0u);
        EXPECT_GT(s.states_sent, 0u);
        EXPECT_GT(s.bytes_sent, 0u);
      }
    }
  }
}

// Several search threads per rank (--jobs) share its level and its store: the same report.
TEST(DistributedTest, SearchThreadsPerRankGiveTheSameReport) {
  std::string text = kDining;
  text.replace(text.find("N = 3"), 5, "N = 5");
  const std::string path = WriteScenario("dist_dining5.py", text);
  const ScenarioResult one = OneProcess(path);
  ASSERT_EQ(one.status, ScenarioStatus::kFail);
  ASSERT_GT(one.stats.states, 1000u);
  for (int ranks = 1; ranks <= 3; ++ranks) {
    for (int jobs : {2, 3}) {
      EXPECT_EQ(Figures(Distributed(path, ranks, {}, nullptr, jobs)), Figures(one))
          << ranks << " ranks, " << jobs << " threads each";
    }
  }
}

// Strings made as the threads run (names, f-strings, concatenation into shared state) get
// each rank's own provisional ids; the ranks agree on them at each level's end, or one state
// would be stored twice under two fingerprints (more states than one process).
TEST(DistributedTest, StringsMadeAtRunTimeAgreeAcrossRanks) {
  // `trail`, `acc` and `big` take a value of their own on each order in which the workers take
  // the lock: far more than the probes' walks meet before the search, so the search interns
  // most of them.
  const std::string path = WriteScenario("dist_strings.py", R"(
import threading
trail = ""
acc = 0.5
big = 2 ** 61
lock = threading.Lock()
def worker(i):
    global trail, acc, big
    for _ in range(2):
        with lock:
            trail = trail + f"{i}"
            acc = acc * 2.5 + i
            big = big - len(trail) * i
threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(trail) == 6
)");
  const ScenarioResult one = OneProcess(path);
  ASSERT_EQ(one.status, ScenarioStatus::kPass) << Figures(one);
  for (int ranks = 2; ranks <= 4; ++ranks) {
    EXPECT_EQ(Figures(Distributed(path, ranks)), Figures(one)) << ranks << " ranks";
    EXPECT_EQ(Figures(Distributed(path, ranks, {}, nullptr, 2)), Figures(one))
        << ranks << " ranks, 2 threads each";
  }
}

// A program with loops: every state is checked for the other bugs, the fair cycles are not,
// and the verdict says so.
// A program with loops: the ranks write down the graph, and rank 0 searches it for fair
// cycles as one process does (the same components, lassos and paths).
TEST(DistributedTest, FairCyclesAreTheOneProcessOnes) {
  // A worker that barges back into the lock its stopper needs: starvation under weak fairness;
  // none under strong fairness, or where the lock is a PyMutex that hands itself off (the
  // steps' fairness marks, written down with the graph).
  const std::string path =
      std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus/starvation_barging.py";
  const std::vector<std::vector<OptionSetting>> settings{
      {}, {{"fairness", "strong"}}, {{"profile", "cpython-3.13"}}};
  for (const std::vector<OptionSetting>& s : settings) {
    const ScenarioResult one = OneProcess(path, s);
    ASSERT_TRUE(one.stats.complete) << Figures(one);
    if (s.empty()) {
      ASSERT_EQ(one.bugs.size(), 1u) << Figures(one);
      EXPECT_EQ(one.bugs[0].kind, BugKind::kStarvation);
    }
    for (int ranks = 1; ranks <= 4; ++ranks) {
      const ScenarioResult d = Distributed(path, ranks, s, nullptr, ranks == 2 ? 2 : 1);
      EXPECT_EQ(Figures(d), Figures(one)) << ranks << " ranks";
    }
  }
}

// Successors that hold a value first interned in their level (a string made in a loop) are
// routed only after the ranks agree on its id; the transitions to them are written down then.
TEST(DistributedTest, CyclesThroughNewlyInternedValues) {
  // Two threads append to the last six letters forever: 126 strings, more than the probes'
  // walks meet before the search.
  const std::string path = WriteScenario("dist_loops_strings.py", R"(
import threading
trail = [""]
def spin(tag):
    while True:
        trail[0] = (trail[0] + tag)[-6:]
threads = [threading.Thread(target=spin, args=(t,)) for t in "xy"]
for t in threads:
    t.start()
)");
  const ScenarioResult one = OneProcess(path);
  ASSERT_TRUE(one.stats.complete) << Figures(one);
  ASSERT_EQ(one.bugs.size(), 1u) << Figures(one);
  EXPECT_EQ(one.bugs[0].kind, BugKind::kLivelock);
  for (int ranks = 1; ranks <= 3; ++ranks)
    EXPECT_EQ(Figures(Distributed(path, ranks)), Figures(one)) << ranks << " ranks";
}

// A bounded search stops where its order takes it: rank 0 runs it alone, as one process does.
TEST(DistributedTest, BoundedSearchRunsOnRankZero) {
  const std::string path = WriteScenario("dist_bounded.py", kDining);
  const std::vector<OptionSetting> bound{{"max-states", "40"}};
  const ScenarioResult one = OneProcess(path, bound);
  const ScenarioResult d = Distributed(path, 2, bound);
  EXPECT_EQ(Figures(d), Figures(one));
  ASSERT_EQ(d.stats.ranks.size(), 2u);
  EXPECT_EQ(d.stats.ranks[0].states, one.stats.states);
  EXPECT_EQ(d.stats.ranks[1].states, 0u);
}

// So do the other strategies, and --stop-on-first (whose directed search may end it first):
// the report still has every rank's share.
TEST(DistributedTest, SearchesOfOneOrderRunOnRankZeroWithTheRanksShares) {
  const std::string path = WriteScenario("dist_alone.py", kDining);
  const auto stop_on_first = [](CheckRequest& r) { r.stop_on_first = true; };
  CheckRequest one_request;
  one_request.path = path;
  one_request.jobs = 2;
  one_request.stop_on_first = true;
  const ScenarioResult one = CheckScenario(one_request);
  ASSERT_FALSE(one.bugs.empty());
  const ScenarioResult d = Distributed(path, 3, {}, nullptr, 1, stop_on_first);
  EXPECT_EQ(Figures(d), Figures(one));
  ASSERT_EQ(d.stats.ranks.size(), 3u);
  EXPECT_EQ(d.stats.ranks[0].states, one.stats.states);
  const std::vector<OptionSetting> random{{"strategy", "random"}};
  const ScenarioResult r = Distributed(path, 2, random);
  EXPECT_EQ(Figures(r), Figures(OneProcess(path, random)));
  ASSERT_EQ(r.stats.ranks.size(), 2u);
  EXPECT_EQ(r.stats.ranks[1].states, 0u);
}

// An input error is found by one rank and reported by rank 0, as one process reports it.
TEST(DistributedTest, InputErrorIsReported) {
  const std::string path = WriteScenario("dist_error.py", R"(
import threading
x = [0]
def worker():
    x[0] = x[0] + 1
    if x[0] == 2:
        y = 2 ** 62 * 4
threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
)");
  const ScenarioResult one = OneProcess(path);
  ASSERT_EQ(one.status, ScenarioStatus::kError) << Figures(one);
  for (int ranks = 1; ranks <= 3; ++ranks) {
    // (How many states were stored when the search stopped depends on its order.)
    const ScenarioResult d = Distributed(path, ranks);
    EXPECT_EQ(d.status, ScenarioStatus::kError);
    EXPECT_EQ(d.rendered_errors, one.rendered_errors) << ranks << " ranks";
    EXPECT_TRUE(d.bugs.empty());
    // The ranks' shares of the states stored when it stopped.
    uint64_t states = 0;
    for (const RankShare& s : d.stats.ranks) states += s.states;
    EXPECT_EQ(d.stats.ranks.size(), static_cast<size_t>(ranks));
    EXPECT_EQ(states, d.stats.states);
  }
}

TEST(DistributedTest, OwnersSpreadAndStayInRange) {
  std::vector<int> counts(3);
  for (uint64_t fp = 1; fp <= 30'000; ++fp) {
    const int owner = OwnerOf(fp * 0x100000001b3ull, 3);
    ASSERT_GE(owner, 0);
    ASSERT_LT(owner, 3);
    ++counts[static_cast<size_t>(owner)];
  }
  for (int c : counts) EXPECT_NEAR(c, 10'000, 500);
  EXPECT_EQ(OwnerOf(12345, 1), 0);
}

}  // namespace
}  // namespace lockcheck
