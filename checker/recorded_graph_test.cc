// The recorded graph (recorded_graph.h): its records read back as written, parts written by
// two workers join into one, a target without a record is told; and, end to end, a program
// with loops searched by several workers writing the graph down gets the one-worker report,
// its shortest paths looked for beside the replay of the record.
#include "checker/recorded_graph.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "checker/explorer.h"
#include "checker/testing.h"
#include "gtest/gtest.h"
#include "scenarios/lang/compiler.h"
#include "scenarios/vm/runtime.h"

namespace lockcheck {
namespace {

RecordedStep StepTo(uint64_t to, uint16_t thread, uint32_t choice = kChoiceProceed) {
  RecordedStep s;
  s.to = to;
  s.via = {thread, choice};
  return s;
}

TEST(RecordedGraphTest, RecordsReadBackWithTheirTargetsAsRecords) {
  GraphLog a, b;
  // 1 -> 2 (thread 0), 1 -> 3 (thread 5, a draw's outcome 9000: too wide for 32 bits).
  RecordedStep wide = StepTo(3, 5, DrawChoice(9000));
  wide.marks.timed = true;
  wide.marks.woke_unfairly = 3;
  wide.has_bugs = true;
  a.Add(1, ThreadMask{1} | ThreadMask{1} << 5, true, false, 0, {StepTo(2, 0), wide});
  a.AddStepBugs(1, 1, {BugOccurrence{}});
  // 2 -> 1, enabled threads up to 40 (past the header's 32 bits); 3 has no step.
  b.Add(2, ThreadMask{1} << 40 | 1, true, true, 0, {StepTo(1, 0)});
  b.AddStateBugs(2, {BugOccurrence{}, BugOccurrence{}});
  b.Add(3, 0, false, false, 0, {});
  std::vector<GraphLog> logs;
  logs.push_back(std::move(a));
  logs.push_back(std::move(b));
  RecordedGraph g(std::move(logs));
  ASSERT_TRUE(g.Index(2));

  const RecordedGraph::Node one = g.Find(1), two = g.Find(2), three = g.Find(3);
  ASSERT_NE(one, RecordedGraph::kNone);
  ASSERT_NE(two, RecordedGraph::kNone);
  ASSERT_NE(three, RecordedGraph::kNone);
  EXPECT_EQ(g.Find(4), RecordedGraph::kNone);
  EXPECT_EQ(g.Fingerprint(two), 2u);
  EXPECT_EQ(g.Enabled(one), ThreadMask{1} | ThreadMask{1} << 5);
  EXPECT_EQ(g.Enabled(two), ThreadMask{1} << 40 | 1);
  EXPECT_EQ(g.Enabled(three), 0u);
  EXPECT_TRUE(g.MayCycle(one));
  EXPECT_FALSE(g.MayCycle(three));
  ASSERT_EQ(g.Degree(one), 2u);
  EXPECT_EQ(g.Step(one, 0).to, two);
  EXPECT_EQ(g.Step(one, 0).via.thread, 0);
  EXPECT_FALSE(g.Step(one, 0).has_bugs);
  const RecordedStep back = g.Step(one, 1);
  EXPECT_EQ(back.to, three);
  EXPECT_EQ(back.via.thread, 5);
  EXPECT_EQ(back.via.choice, DrawChoice(9000));
  EXPECT_TRUE(back.marks.timed);
  EXPECT_FALSE(back.marks.parks);
  EXPECT_EQ(back.marks.woke_unfairly, 3);
  EXPECT_TRUE(back.has_bugs);
  ASSERT_NE(g.StepBugs(one, 1), nullptr);
  EXPECT_EQ(g.StepBugs(one, 0), nullptr);
  ASSERT_NE(g.StateBugs(two), nullptr);
  EXPECT_EQ(g.StateBugs(two)->size(), 2u);
  EXPECT_EQ(g.StateBugs(one), nullptr);
  EXPECT_EQ(g.Degree(three), 0u);
  EXPECT_EQ(g.Step(two, 0).to, one);

  EXPECT_TRUE(g.Visit(two));
  EXPECT_FALSE(g.Visit(two));
  EXPECT_EQ(g.Degree(two), 1u);  // the mark leaves the record as it was
  EXPECT_EQ(g.Enabled(two), ThreadMask{1} << 40 | 1);
}

TEST(RecordedGraphTest, PartsOfAStateFromSeveralWorkersJoinInTheirOrder) {
  // State 7's transitions 0..4: the worker that stored it took 3 and 4 (taking its steps in
  // the opposite order), handed 0..2 on; that worker took 2 and handed 0 and 1 on again.
  GraphLog a, b, c;
  a.Add(7, 3, true, false, 3, {StepTo(13, 3), StepTo(14, 4)});
  b.Add(7, 3, true, false, 2, {StepTo(12, 2)});
  c.Add(7, 3, true, false, 0, {StepTo(10, 0), StepTo(11, 1)});
  for (uint64_t t = 10; t <= 14; ++t) c.Add(t, 0, false, false, 0, {});
  std::vector<GraphLog> logs;
  logs.push_back(std::move(a));
  logs.push_back(std::move(b));
  logs.push_back(std::move(c));
  RecordedGraph g(std::move(logs));
  ASSERT_TRUE(g.Index(3));
  const RecordedGraph::Node seven = g.Find(7);
  ASSERT_EQ(g.Degree(seven), 5u);
  for (uint32_t k = 0; k < 5; ++k) {
    EXPECT_EQ(g.Step(seven, k).via.thread, k);
    EXPECT_EQ(g.Fingerprint(g.Step(seven, k).to), 10 + k);
  }
  EXPECT_EQ(g.Enabled(seven), 3u);
}

TEST(RecordedGraphTest, ATargetWithoutARecordIsTold) {
  GraphLog a;
  a.Add(1, 0, false, false, 0, {StepTo(2, 0)});
  std::vector<GraphLog> logs;
  logs.push_back(std::move(a));
  RecordedGraph g(std::move(logs));
  EXPECT_FALSE(g.Index(1));
}

TEST(RecordedGraphTest, AnIndexOfManyRecordsFindsEachOnce) {
  // Enough records for several blocks and both parts of the index, with fingerprints that
  // all share the bits the index keeps of them (each probe has to read the record).
  GraphLog a, b;
  const uint64_t n = 200'000;
  auto fingerprint = [](uint64_t i) {
    const uint64_t mixed = (i + 1) * 0x9E3779B97F4A7C15ull;
    return (mixed & ~((uint64_t{1} << 23) - 1)) | 5;
  };
  for (uint64_t i = 0; i < n; ++i) {
    (i % 2 == 0 ? a : b).Add(fingerprint(i), 0, false, false, 0,
                             {StepTo(fingerprint((i + 1) % n), 0)});
  }
  std::vector<GraphLog> logs;
  logs.push_back(std::move(a));
  logs.push_back(std::move(b));
  RecordedGraph g(std::move(logs));
  ASSERT_TRUE(g.Index(2));
  for (uint64_t i = 0; i < n; i += 997) {
    const RecordedGraph::Node node = g.Find(fingerprint(i));
    ASSERT_NE(node, RecordedGraph::kNone) << i;
    EXPECT_EQ(g.Fingerprint(node), fingerprint(i));
    EXPECT_EQ(g.Fingerprint(g.Step(node, 0).to), fingerprint((i + 1) % n));
  }
  EXPECT_EQ(g.Find(fingerprint(n)), RecordedGraph::kNone);
}

// Every corpus scenario, checked by one worker and by several writing the graph down (small
// programs included): the same verdict, states, bugs and paths.
TEST(RecordedGraphTest, EveryCorpusScenarioGetsTheOneWorkerReportFromSeveralWorkers) {
  const std::filesystem::path root =
      std::filesystem::path(LOCKCHECK_SOURCE_DIR) / "scenarios/corpus";
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".py") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  ASSERT_GT(paths.size(), 100u);
  size_t recorded = 0;
  for (const std::string& path : paths) {
    CheckRequest request;
    request.path = path;
    const ScenarioResult one = CheckScenario(request);
    for (int jobs : {2, 3}) {
      request.jobs = jobs;
      request.recording_min_states = 0;
      const ScenarioResult many = CheckScenario(request);
      SCOPED_TRACE(path + " --jobs " + std::to_string(jobs));
      EXPECT_EQ(many.status, one.status);
      EXPECT_EQ(many.stats.states, one.stats.states);
      EXPECT_EQ(many.stats.transitions, one.stats.transitions);
      EXPECT_EQ(many.stats.reduced_states, one.stats.reduced_states);
      EXPECT_EQ(many.stats.search_order, one.stats.search_order);
      // A run figure of a parallel search; the recorded graph's is the one-worker search's.
      if (one.stats.search_order == "depth-first") {
        EXPECT_EQ(many.stats.max_depth, one.stats.max_depth);
      }
      EXPECT_EQ(many.rendered_errors, one.rendered_errors);
      ASSERT_EQ(many.bugs.size(), one.bugs.size());
      for (size_t i = 0; i < one.bugs.size(); ++i) {
        EXPECT_EQ(many.bugs[i].id, one.bugs[i].id);
        EXPECT_EQ(many.bugs[i].kind, one.bugs[i].kind);
        EXPECT_EQ(many.bugs[i].replay, one.bugs[i].replay);
        EXPECT_EQ(many.bugs[i].message, one.bugs[i].message);
        EXPECT_EQ(many.bugs[i].trace.size(), one.bugs[i].trace.size());
        EXPECT_EQ(many.bugs[i].loop_start, one.bugs[i].loop_start);
      }
      if (jobs == 2 && one.stats.search_order == "depth-first") ++recorded;
    }
  }
  // Programs with loops, every one through the recorded graph (and its cycle checks).
  EXPECT_GT(recorded, 50u);
}

// The end of each program below: its `threads` run and are joined.
constexpr char kStartAndJoin[] = R"(for t in threads:
    t.start()
for t in threads:
    t.join()
)";

// The bugs of a program checked by Explorer on `jobs` workers (every program with loops through
// the recorded graph), with their shortest paths; `beside` says where those came from.
std::vector<BugOccurrence> BugsWithPaths(const std::string& text, int jobs, bool* beside) {
  CompileResult compiled = CompileSource(std::make_shared<SourceFile>("beside.py", text));
  EXPECT_TRUE(compiled.errors.empty());
  Runtime runtime(*compiled.program, std::make_shared<Interner>(), Limits{});
  Interpreter interp(runtime);
  CheckOptions options;
  options.jobs = jobs;
  options.recording_min_states = 0;
  Explorer explorer(interp, options);
  SearchResult result = explorer.Run();
  EXPECT_TRUE(result.complete) << result.limit;
  explorer.ShortestSchedules(result, Explorer::ShortestScheduleStates(result.states));
  *beside = explorer.schedules_found_beside();
  return result.bugs;
}

void ExpectSamePaths(const std::vector<BugOccurrence>& a, const std::vector<BugOccurrence>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(a[i].key);
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(EncodeSchedule(a[i].schedule, a[i].loop_start),
              EncodeSchedule(b[i].schedule, b[i].loop_start));
    EXPECT_EQ(a[i].thread, b[i].thread);
    EXPECT_EQ(a[i].message, b[i].message);
  }
}

// A program with loops, a deadlock and a lock-order warning: on two workers their shortest
// paths are found beside the replay, and they are the one-worker search's.
TEST(RecordedGraphTest, ShortestPathsFoundBesideTheReplayAreTheOnesFoundAfterIt) {
  const std::string text = R"(import threading
a = threading.Lock()
b = threading.Lock()
cond = threading.Condition(a)
ready = False

def waiter():
    with cond:
        while not ready:
            cond.wait()

def setter():
    global ready
    with cond:
        ready = True
        cond.notify()

def left():
    with a:
        with b:
            pass

def right():
    with b:
        with a:
            pass

threads = [threading.Thread(target=f) for f in (waiter, setter, left, right)]
)" + std::string(kStartAndJoin);
  bool beside = true;
  const std::vector<BugOccurrence> one = BugsWithPaths(text, 1, &beside);
  EXPECT_FALSE(beside);  // one worker searches with Tarjan's algorithm, not through a record
  // The deadlock shows with the other threads at several places: a bug for each.
  auto count = [&](BugKind kind) {
    return std::count_if(one.begin(), one.end(), [&](const BugOccurrence& b) { return b.kind == kind; });
  };
  EXPECT_GE(count(BugKind::kDeadlock), 1);
  EXPECT_EQ(count(BugKind::kLockOrder), 1);
  for (const BugOccurrence& b : one) EXPECT_FALSE(b.schedule.empty()) << b.key;
  const std::vector<BugOccurrence> two = BugsWithPaths(text, 2, &beside);
  EXPECT_TRUE(beside);
  ExpectSamePaths(one, two);
}

// A lasso's path needs the replay's result (only the replay finds cycles): the pass beside it
// is set aside, and the one after it gives the one-worker paths.
TEST(RecordedGraphTest, ALassoWaitsForTheReplayForItsShortestPath) {
  const std::string text = R"(import threading
lock = threading.Lock()
done = False

def spinner():
    while not done:
        with lock:
            pass

def stopper():
    global done
    with lock:
        done = True

threads = [threading.Thread(target=spinner), threading.Thread(target=stopper)]
)" + std::string(kStartAndJoin);
  bool beside = true;
  const std::vector<BugOccurrence> one = BugsWithPaths(text, 1, &beside);
  ASSERT_FALSE(one.empty());
  EXPECT_TRUE(std::any_of(one.begin(), one.end(),
                          [](const BugOccurrence& b) { return b.loop_start.has_value(); }));
  const std::vector<BugOccurrence> two = BugsWithPaths(text, 2, &beside);
  EXPECT_FALSE(beside);
  ExpectSamePaths(one, two);
}

}  // namespace
}  // namespace lockcheck
