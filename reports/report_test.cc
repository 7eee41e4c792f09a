// Golden tests of the text and JSON reports, on results built by hand.
#include <string>

#include "gtest/gtest.h"
#include "reports/json_report.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

ScenarioResult Deadlock() {
  ScenarioResult r;
  r.file = "s.py";
  r.description = "Two locks taken in opposite orders.";
  r.status = ScenarioStatus::kFail;
  r.matched_expectation = false;
  r.stats.states = 1234;
  r.stats.transitions = 2345;
  r.stats.max_depth = 17;
  r.stats.seconds = 0.5;
  r.stats.peak_memory_bytes = 1000;
  r.stats.store_bytes = 12340;
  Bug b;
  b.id = "0123456789abcdef";
  b.kind = BugKind::kDeadlock;
  b.message = "Thread-1 (one), Thread-2 (two) wait for each other";
  b.location = {"s.py", 9, 9};
  b.threads = {"Thread-1 (one)", "Thread-2 (two)"};
  b.trace = {{1, "Thread-1 (one)", "a.acquire()", 8, 9, "acquired", {}},
             {2, "Thread-2 (two)", "b.acquire()", 13, 9, "acquired", {"hello"}}};
  ThreadState t1{1, "Thread-1 (one)", "blocked", false, "b.acquire()", 9, "Thread-2 (two)",
                 {{"one", "s.py", 9}}};
  ThreadState t0{0, "MainThread", "finished", false, "", 0, "", {}};
  b.final_state = {t0, t1};
  b.wait_for = "Thread-1 (one) waits in b.acquire() (line 9) for Thread-2 (two) ...";
  b.replay = "lc1:aabc";
  r.bugs.push_back(b);
  return r;
}

TEST(TextReportTest, Deadlock) {
  EXPECT_EQ(RenderText(Deadlock(), TextOptions{}),
            R"(s.py: FAIL (1 bug; expected: pass)
  explored 1,234 states, 2,345 transitions, depth 17, complete

deadlock: Thread-1 (one), Thread-2 (two) wait for each other
  at s.py:9:9
  trace (2 steps):
     1  Thread-1 (one)  a.acquire()  line 8    acquired
     2  Thread-2 (two)  b.acquire()  line 13   acquired
          | hello
  final state:
    MainThread      finished
    Thread-1 (one)  blocked in b.acquire() (line 9), held by Thread-2 (two)
        File "s.py", line 9, in one
  wait-for cycle: Thread-1 (one) waits in b.acquire() (line 9) for Thread-2 (two) ...
  replay: lockcheck replay s.py --schedule lc1:aabc

)");
}

TEST(TextReportTest, QuietPassIncompleteAndError) {
  ScenarioResult pass;
  pass.file = "p.py";
  pass.stats.states = 10;
  EXPECT_EQ(RenderText(pass, TextOptions{}), "p.py: ok (10 states, complete)\n");
  ScenarioResult cut = pass;
  cut.status = ScenarioStatus::kIncomplete;
  cut.matched_expectation = false;
  cut.stats.complete = false;
  cut.stats.limit = "max-states";
  EXPECT_EQ(RenderText(cut, TextOptions{true, false}),
            "p.py: INCOMPLETE (stopped by max-states; no bug found in 10 states)\n");
  ScenarioResult err;
  err.file = "e.py";
  err.status = ScenarioStatus::kError;
  err.rendered_errors = {"e.py:1:1: error: scenario is empty: nothing to check\n"};
  EXPECT_EQ(RenderText(err, TextOptions{}),
            "e.py: ERROR (the scenario could not be checked)\n"
            "e.py:1:1: error: scenario is empty: nothing to check\n");
  ScenarioResult expected = Deadlock();
  expected.expected = {BugKind::kDeadlock};
  expected.matched_expectation = true;
  EXPECT_EQ(RenderText(expected, TextOptions{true, false}),
            "s.py: ok (found the expected deadlock)\n");
  EXPECT_EQ(RenderSummary({pass, cut, err, Deadlock()}),
            "4 scenarios: 1 ok, 1 failed, 1 error, 1 incomplete\n");
}

TEST(TextReportTest, Lasso) {
  std::vector<TraceStep> steps = {{1, "T", "a.acquire()", 3, 1, "acquired", {}},
                                  {1, "T", "a.release()", 4, 1, "released", {}}};
  EXPECT_EQ(RenderTrace(steps, 1),
            "     1  T  a.acquire()  line 3    acquired\n"
            "    -- cycle starts here, repeats forever --\n"
            "     2  T  a.release()  line 4    released\n"
            "    -- (cycle repeats) --\n");
}

TEST(JsonReportTest, ShapeAndTiming) {
  RunReport report;
  report.version = "0.1.0";
  report.scenarios.push_back(Deadlock());
  nlohmann::ordered_json j = ReportToJson(report, /*include_timing=*/false);
  EXPECT_EQ(j["schema"], "lockcheck-report/1");
  EXPECT_EQ(j["tool"]["name"], "lockcheck");
  const auto& s = j["scenarios"][0];
  EXPECT_EQ(s["status"], "fail");
  EXPECT_EQ(s["stats"]["seconds"], 0.0);
  EXPECT_EQ(s["stats"]["peak_memory_bytes"], 0);
  EXPECT_EQ(s["stats"]["bytes_per_state"], 10.0);
  EXPECT_TRUE(s["stats"]["limit"].is_null());
  const auto& bug = s["bugs"][0];
  EXPECT_EQ(bug["kind"], "deadlock");
  EXPECT_FALSE(bug["trace"].contains("loop_start"));
  EXPECT_TRUE(bug["final_state"][0]["waits_on"].is_null());
  EXPECT_EQ(bug["final_state"][1]["held_by"], "Thread-2 (two)");
  std::string keys;
  for (auto it = bug.begin(); it != bug.end(); ++it) keys += it.key() + ",";
  EXPECT_EQ(keys, "id,kind,severity,message,location,threads,handled,trace,final_state,wait_for,"
                  "replay,");
  ScenarioResult lasso = Deadlock();
  lasso.bugs[0].loop_start = 1;
  report.scenarios = {lasso};
  EXPECT_EQ(ReportToJson(report)["scenarios"][0]["bugs"][0]["trace"]["loop_start"], 1);
  EXPECT_EQ(RenderJson(report).back(), '\n');
}

}  // namespace
}  // namespace lockcheck
