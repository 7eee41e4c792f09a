#include "checker/directed.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/check.h"
#include "checker/counterexample.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/lang/compiler.h"

namespace lockcheck {
namespace {

// The benchmark's dining philosophers (tools/bench.py): each takes its left fork, then its
// right one; with `ordered`, the lower-numbered fork first, which cannot deadlock.
std::string Dining(int n, bool ordered) {
  const std::string pick = ordered ? "first, second = min(i, (i + 1) % N), max(i, (i + 1) % N)"
                                   : "first, second = i, (i + 1) % N";
  return absl::StrCat(R"(import threading

N = )", n, R"(
forks = [threading.Lock() for _ in range(N)]


def phil(i):
    )", pick, R"(
    with forks[first]:
        with forks[second]:
            pass


threads = [threading.Thread(target=phil, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)");
}

// A compiled scenario and its interpreter.
struct Loaded {
  std::unique_ptr<Program> program;
  std::unique_ptr<Runtime> runtime;
  std::unique_ptr<Interpreter> interp;
};

Loaded Load(const std::string& text) {
  CompileResult compiled = CompileSource(std::make_shared<SourceFile>("scenario.py", text));
  EXPECT_TRUE(compiled.errors.empty());
  Loaded l;
  l.program = std::move(compiled.program);
  l.runtime = std::make_unique<Runtime>(*l.program, std::make_shared<Interner>(), Limits{});
  l.interp = std::make_unique<Interpreter>(*l.runtime);
  return l;
}

TEST(DeadlockScore, CountsWaitingThreadsAndHeldLocks) {
  Loaded l = Load(Dining(3, false));
  Machine m;
  l.interp->Init(m);
  EXPECT_EQ(DeadlockScore(*l.interp, m), 0);
  // The deadlock the directed pass finds: every philosopher holds its left fork and waits for
  // its right one, and the main thread waits in join(): 4 waiting threads and 3 held locks.
  DirectedResult d = DirectedSearch(*l.interp, CheckOptions{}, kDirectedMaxStates,
                                    std::chrono::steady_clock::now());
  ASSERT_TRUE(d.bug.has_value());
  Replayed r = ReplaySchedule(*l.interp, d.bug->schedule);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(DeadlockScore(*l.interp, r.final), 4 + 3);
}

TEST(DirectedSearch, FindsTheDiningDeadlockForTwelveInFewStates) {
  Loaded l = Load(Dining(12, false));
  DirectedResult d = DirectedSearch(*l.interp, CheckOptions{}, kDirectedMaxStates,
                                    std::chrono::steady_clock::now());
  ASSERT_TRUE(d.bug.has_value());
  EXPECT_EQ(d.bug->kind, BugKind::kDeadlock);
  // The exhaustive search's first deadlock takes 2.8M states; the directed pass goes almost
  // straight to it.
  EXPECT_LT(d.states, 2'000u);
  // Confirmed by the replay machinery, at the schedule's last step, as the same bug.
  std::optional<BugOccurrence> again = ConfirmByReplay(*l.interp, d.bug->schedule, d.bug->key);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->key, d.bug->key);
  // Shortened: 12 starts, 12 left forks, 12 blocked right forks, and the main thread's first
  // join: no step can be left out.
  EXPECT_LE(d.bug->schedule.size(), d.found_at);
  for (size_t i = 0; i < d.bug->schedule.size(); ++i) {
    Schedule without = d.bug->schedule;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_FALSE(ConfirmByReplay(*l.interp, without, d.bug->key).has_value()) << "step " << i;
  }
}

TEST(DirectedSearch, NoFalsePositiveOnTheOrderedDining) {
  Loaded l = Load(Dining(5, true));
  DirectedResult d = DirectedSearch(*l.interp, CheckOptions{}, kDirectedMaxStates,
                                    std::chrono::steady_clock::now());
  EXPECT_FALSE(d.bug.has_value());
  // It searched the whole reduced graph (under its bound) and found no deadlock.
  EXPECT_GT(d.states, 100u);
  EXPECT_LT(d.states, kDirectedMaxStates);
}

TEST(DirectedSearch, GivesUpAtItsBound) {
  Loaded l = Load(Dining(5, true));
  DirectedResult d = DirectedSearch(*l.interp, CheckOptions{}, 50, std::chrono::steady_clock::now());
  EXPECT_FALSE(d.bug.has_value());
}

TEST(ConfirmByReplay, RefusesASchedulThatStopsShortOfTheBug) {
  Loaded l = Load(Dining(4, false));
  DirectedResult d = DirectedSearch(*l.interp, CheckOptions{}, kDirectedMaxStates,
                                    std::chrono::steady_clock::now());
  ASSERT_TRUE(d.bug.has_value());
  Schedule cut = d.bug->schedule;
  cut.pop_back();
  EXPECT_FALSE(ConfirmByReplay(*l.interp, cut, d.bug->key).has_value());
  EXPECT_FALSE(ConfirmByReplay(*l.interp, d.bug->schedule, "deadlock|1:1").has_value());
  Schedule wrong = d.bug->schedule;
  wrong.push_back({0, false, -1});  // the program cannot go on from a deadlock
  EXPECT_FALSE(ConfirmByReplay(*l.interp, wrong, d.bug->key).has_value());
}

TEST(ShortenSchedule, DropsTurnsOfAPollingLoopTheDeadlockDoesNotNeed) {
  // `one` polls a flag that `two` sets; each turn of its loop before the flag is set comes
  // back to the same place, so a schedule with extra turns shortens to one without them.
  Loaded l = Load(R"(import threading
a = threading.Lock()
b = threading.Lock()
ready = False
def one():
    while not ready:
        pass
    with a:
        with b:
            pass
def two():
    global ready
    ready = True
    with b:
        with a:
            pass
x = threading.Thread(target=one)
y = threading.Thread(target=two)
x.start()
y.start()
x.join()
y.join()
)");
  DirectedResult d = DirectedSearch(*l.interp, CheckOptions{}, kDirectedMaxStates,
                                    std::chrono::steady_clock::now());
  ASSERT_TRUE(d.bug.has_value());
  ASSERT_EQ(d.bug->kind, BugKind::kDeadlock);
  const Schedule& found = d.bug->schedule;
  // Three more turns of `one` (thread 1) just before `two` (thread 2) first runs.
  const auto first_two = std::find_if(found.begin(), found.end(),
                                      [](const ScheduleStep& s) { return s.thread == 2; });
  ASSERT_NE(first_two, found.end());
  Schedule longer(found.begin(), first_two);
  ASSERT_TRUE(std::any_of(longer.begin(), longer.end(),
                          [](const ScheduleStep& s) { return s.thread == 1; }));
  for (int k = 0; k < 3; ++k) longer.push_back({1, false, -1});
  longer.insert(longer.end(), first_two, found.end());
  ASSERT_TRUE(ConfirmByReplay(*l.interp, longer, d.bug->key).has_value());
  Schedule shorter = ShortenSchedule(*l.interp, longer, d.bug->key);
  EXPECT_LE(shorter.size(), found.size());
  EXPECT_TRUE(ConfirmByReplay(*l.interp, shorter, d.bug->key).has_value());
  // The directed pass's own schedule is already as short as dropping steps makes it.
  EXPECT_EQ(ShortenSchedule(*l.interp, found, d.bug->key), found);
}

// A monitor that wants findings and records them.
class Recorder : public SearchMonitor {
 public:
  bool StopRequested() const override { return false; }
  void Report(const SearchProgress&) override {}
  bool WantsFindings() const override { return true; }
  void Found(const EarlyFinding& f) override {
    std::lock_guard<std::mutex> lock(mu);
    found.push_back(f);
  }
  std::mutex mu;
  std::vector<EarlyFinding> found;
};

ScenarioResult CheckDining(int n, bool ordered, bool stop_on_first, int jobs,
                           SearchMonitor* monitor = nullptr) {
  CheckRequest request;
  request.path = testing::WriteScenario(absl::StrCat("dining", n, ordered ? "o" : "d"),
                                        Dining(n, ordered));
  request.stop_on_first = stop_on_first;
  request.jobs = jobs;
  request.monitor = monitor;
  return CheckScenario(request);
}

TEST(StopOnFirst, ReportsTheDirectedDeadlockWithATokenThatReplays) {
  ScenarioResult r = CheckDining(12, false, true, 1);
  ASSERT_EQ(r.bugs.size(), 2u);  // the deadlock and the lock-order warning of its cycle
  EXPECT_EQ(r.bugs[0].kind, BugKind::kDeadlock);
  EXPECT_EQ(r.bugs[1].kind, BugKind::kLockOrder);
  EXPECT_EQ(r.stats.search_order, "best-first");
  EXPECT_EQ(r.stats.limit, "stop-on-first");
  EXPECT_FALSE(r.stats.complete);
  EXPECT_LT(r.stats.states, 2'000u);
  EXPECT_EQ(r.bugs[0].wait_cycle.size(), 12u);
  // The same report on two workers.
  ScenarioResult two = CheckDining(12, false, true, 2);
  ASSERT_EQ(two.bugs.size(), r.bugs.size());
  for (size_t i = 0; i < r.bugs.size(); ++i) EXPECT_EQ(two.bugs[i].replay, r.bugs[i].replay);
  EXPECT_EQ(two.stats.states, r.stats.states);
  // Its token replays to the same bug.
  CheckRequest replay;
  replay.path = testing::WriteScenario("dining12d", Dining(12, false));
  ScenarioResult again = ReplayScenario(replay, r.bugs[0].replay);
  ASSERT_EQ(again.bugs.size(), 1u);
  EXPECT_EQ(again.bugs[0].id, r.bugs[0].id);
  EXPECT_EQ(again.bugs[0].kind, BugKind::kDeadlock);
}

TEST(StopOnFirst, FallsBackToTheExhaustiveSearchWhenThereIsNoDeadlock) {
  ScenarioResult r = CheckDining(4, true, true, 1);
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.stats.complete);
  EXPECT_EQ(r.status, ScenarioStatus::kPass);
  EXPECT_NE(r.stats.search_order, "best-first");
}

TEST(Findings, AreShownEarlyWithoutChangingTheReport) {
  Recorder recorder;
  ScenarioResult watched = CheckDining(4, false, false, 1, &recorder);
  ScenarioResult plain = CheckDining(4, false, false, 1);
  ASSERT_FALSE(recorder.found.empty());
  EXPECT_EQ(recorder.found[0].kind, "deadlock");
  EXPECT_EQ(recorder.found[0].by, "best-first");
  EXPECT_EQ(recorder.found[0].line, plain.bugs[0].location.line);
  // Without --stop-on-first the exhaustive search still runs and reports the shortest trace:
  // the report is the same, watched or not.
  ASSERT_EQ(watched.bugs.size(), plain.bugs.size());
  for (size_t i = 0; i < plain.bugs.size(); ++i) {
    EXPECT_EQ(watched.bugs[i].replay, plain.bugs[i].replay);
    EXPECT_EQ(watched.bugs[i].id, plain.bugs[i].id);
  }
  EXPECT_EQ(watched.stats.states, plain.stats.states);
  EXPECT_EQ(watched.stats.search_order, plain.stats.search_order);
}

TEST(Findings, TheExhaustiveSearchShowsEachBugAsItConfirmsIt) {
  // A lost update: the depth-first search shows the assertion when it meets it (the directed
  // pass may show it first; the display keeps one line per bug).
  Recorder recorder;
  CheckRequest request;
  request.path = testing::WriteScenario("race", R"(import threading
n = 0
def work():
    global n
    n += 1
a = threading.Thread(target=work)
b = threading.Thread(target=work)
a.start()
b.start()
a.join()
b.join()
assert n == 2
)");
  request.monitor = &recorder;
  ScenarioResult r = CheckScenario(request);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  std::vector<std::string> kinds;
  for (const EarlyFinding& f : recorder.found) kinds.push_back(absl::StrCat(f.kind, " ", f.by));
  EXPECT_THAT(kinds, ::testing::Contains("assertion depth-first"));
}

// Over the corpus, --stop-on-first: every scenario that declares a deadlock still ends with one
// of its declared bugs and no other, whichever search found it; every bug the directed pass
// reports replays from its token to the same bug; and the directed pass's deadlock trace is as
// short as the one the exhaustive search reports (the shortest, where its breadth-first pass
// reached it).
TEST(StopOnFirst, OverTheCorpusFindsDeclaredBugsOnlyAndTheirTokensReplay) {
  std::vector<std::string> files;
  const std::filesystem::path root =
      std::filesystem::path(LOCKCHECK_SOURCE_DIR) / "scenarios/corpus";
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".py")
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  int deadlocks = 0, directed = 0;
  std::vector<std::string> beyond_the_pass;  // scenarios whose two traces differ in length
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    CheckRequest request;
    request.path = file;
    request.stop_on_first = true;
    ScenarioResult first = CheckScenario(request);
    if (std::find(first.expected.begin(), first.expected.end(), BugKind::kDeadlock) ==
        first.expected.end())
      continue;
    ++deadlocks;
    ASSERT_FALSE(first.bugs.empty());
    for (const Bug& b : first.bugs) {
      EXPECT_NE(std::find(first.expected.begin(), first.expected.end(), b.kind),
                first.expected.end())
          << BugKindName(b.kind);
    }
    if (first.stats.search_order != "best-first") continue;
    ++directed;
    request.stop_on_first = false;
    ScenarioResult all = CheckScenario(request);
    for (const Bug& b : first.bugs) {
      if (b.kind == BugKind::kLockOrder) continue;
      ScenarioResult again = ReplayScenario(request, b.replay);
      ASSERT_EQ(again.bugs.size(), 1u) << b.replay;
      EXPECT_EQ(again.bugs[0].id, b.id);
      auto same = std::find_if(all.bugs.begin(), all.bugs.end(),
                               [&](const Bug& o) { return o.id == b.id; });
      ASSERT_NE(same, all.bugs.end()) << "a bug the exhaustive search does not report";
      if (b.trace.size() != same->trace.size())
        beyond_the_pass.push_back(std::filesystem::path(file).filename().string());
    }
  }
  // The traces are the same length wherever the bounded breadth-first pass reaches the bug
  // (both are then a shortest one). Where it does not, each keeps the path its own search
  // found: class_h2o_barrier_leftover's deadlock is 99 steps deep in a graph the pass covers
  // only 10,000 states of (its Barrier and Semaphore routines run many steps), where the
  // directed trace has 100 steps and the depth-first one 99. A new mismatch fails here, and so
  // does this one's going away (then the list is out of date).
  EXPECT_EQ(beyond_the_pass, std::vector<std::string>{"class_h2o_barrier_leftover.py"});
  EXPECT_GE(deadlocks, 25);
  EXPECT_GE(directed, 20);
}

}  // namespace
}  // namespace lockcheck
