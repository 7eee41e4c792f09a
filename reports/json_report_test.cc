// The JSON report: one golden document pinned byte for byte, then the properties consumers rely
// on (key order, optional fields, nulls, timing) on the shared fixtures.
#include "reports/json_report.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "reports/report_fixtures.h"

namespace lockcheck {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

// A self-deadlock in one step: small enough to read whole, and it has every field of the
// format except loop_start and lock-order edges (GoldenLockOrderWarning pins those).
RunReport SmallReport() {
  RunReport report;
  report.version = "0.1.0";
  report.options = Json{{"jobs", 1}};
  ScenarioResult r;
  r.file = "s.py";
  r.description = "Self-deadlock.";
  r.expected = {BugKind::kDeadlock};
  r.status = ScenarioStatus::kFail;
  r.matched_expectation = true;
  r.stats.states = 4;
  r.stats.transitions = 3;
  r.stats.max_depth = 3;
  r.stats.seconds = 1.5;
  r.stats.peak_memory_bytes = 1000;
  r.stats.store_bytes = 100;
  Bug b;
  b.id = "0123456789abcdef";
  b.kind = BugKind::kDeadlock;
  b.message = "MainThread waits in a.acquire() for a lock it holds itself";
  b.location = {"s.py", 4, 1};
  b.threads = {"MainThread"};
  b.trace = {{0, "MainThread", "print('hi')", 3, 1, "printed", {"hi"}, "", "", false, {}, {}}};
  b.final_state = {{0, "MainThread", "blocked", false, "a.acquire()", 4, "MainThread",
                    {{"<module>", "s.py", 4}}}};
  b.wait_for = "MainThread waits for MainThread in a.acquire() (line 4)";
  b.wait_graph = {{"MainThread", "a.acquire()", 4, "MainThread"}};
  b.wait_cycle = {"MainThread"};
  b.replay = "lc1:aa";
  r.bugs = {b};
  report.scenarios = {r};
  return report;
}

TEST(JsonReportTest, GoldenSmallReport) {
  EXPECT_EQ(RenderJson(SmallReport(), /*include_timing=*/false), R"json({
  "schema": "lockcheck-report/1",
  "tool": {
    "name": "lockcheck",
    "version": "0.1.0"
  },
  "options": {
    "jobs": 1
  },
  "scenarios": [
    {
      "file": "s.py",
      "description": "Self-deadlock.",
      "status": "fail",
      "expected": [
        "deadlock"
      ],
      "profile": "language",
      "matched_expectation": true,
      "stats": {
        "states": 4,
        "transitions": 3,
        "max_depth": 3,
        "seconds": 0.0,
        "peak_memory_bytes": 0,
        "store_bytes": 100,
        "bytes_per_state": 25.0,
        "collision_odds": 0.0,
        "reduced_states": 0,
        "complete": true,
        "limit": null,
        "strategy": "dfs",
        "search_order": null,
        "coverage": null
      },
      "bugs": [
        {
          "id": "0123456789abcdef",
          "kind": "deadlock",
          "severity": "error",
          "message": "MainThread waits in a.acquire() for a lock it holds itself",
          "location": {
            "file": "s.py",
            "line": 4,
            "column": 1
          },
          "threads": [
            "MainThread"
          ],
          "handled": false,
          "trace": {
            "steps": [
              {
                "thread": 0,
                "thread_name": "MainThread",
                "op": "print('hi')",
                "line": 3,
                "column": 1,
                "outcome": "printed",
                "output": [
                  "hi"
                ],
                "access": null,
                "target": null,
                "decisive": false,
                "holds": [],
                "blocked": []
              }
            ]
          },
          "final_state": [
            {
              "thread": 0,
              "name": "MainThread",
              "status": "blocked",
              "daemon": false,
              "waits_on": "a.acquire()",
              "waits_line": 4,
              "held_by": "MainThread",
              "stack": [
                {
                  "function": "<module>",
                  "file": "s.py",
                  "line": 4
                }
              ]
            }
          ],
          "wait_for": "MainThread waits for MainThread in a.acquire() (line 4)",
          "wait_graph": [
            {
              "thread": "MainThread",
              "waits_on": "a.acquire()",
              "line": 4,
              "held_by": "MainThread"
            }
          ],
          "wait_cycle": [
            "MainThread"
          ],
          "lock_order": [],
          "replay": "lc1:aa",
          "decisive": null
        }
      ],
      "errors": []
    }
  ]
}
)json");
}

TEST(JsonReportTest, GoldenLockOrderWarning) {
  RunReport report;
  ScenarioResult r = fixtures::FailingScenario();
  Bug b = fixtures::LockOrderBug();
  b.trace.resize(1);  // the steps are pinned by GoldenSmallReport
  r.bugs = {b};
  report.scenarios = {r};
  EXPECT_EQ(ReportToJson(report)["scenarios"][0]["bugs"][0].dump(2), R"json({
  "id": "5bd1e9955bd1e995",
  "kind": "lock-order",
  "severity": "warning",
  "message": "locks a and b are taken in both orders",
  "location": {
    "file": "scenarios/corpus/lock_order.py",
    "line": 18,
    "column": 14
  },
  "threads": [
    "Thread-1 (one)",
    "Thread-2 (two)"
  ],
  "handled": false,
  "trace": {
    "steps": [
      {
        "thread": 0,
        "thread_name": "MainThread",
        "op": "t1.start()",
        "line": 24,
        "column": 1,
        "outcome": "started Thread-1 (one)",
        "output": [],
        "access": null,
        "target": null,
        "decisive": false,
        "holds": [],
        "blocked": []
      }
    ]
  },
  "final_state": [],
  "wait_for": null,
  "wait_graph": [],
  "wait_cycle": [],
  "lock_order": [
    {
      "thread": "Thread-1 (one)",
      "holds": "a",
      "acquires": "b",
      "op": "b.acquire()",
      "line": 13,
      "column": 14
    },
    {
      "thread": "Thread-2 (two)",
      "holds": "b",
      "acquires": "a",
      "op": "a.acquire()",
      "line": 18,
      "column": 14
    }
  ],
  "replay": "lc1:abbbbbacc",
  "decisive": null
})json");
}

TEST(JsonReportTest, KeyOrderIsFixed) {
  Json j = ReportToJson(fixtures::FullReport());
  EXPECT_EQ(Keys(j), (std::vector<std::string>{"schema", "tool", "options", "scenarios"}));
  EXPECT_EQ(Keys(j["tool"]), (std::vector<std::string>{"name", "version"}));
  // The CLI's options keep the order it gave them.
  EXPECT_EQ(Keys(j["options"]),
            (std::vector<std::string>{"max_states", "fairness", "stop_on_first", "jobs"}));
  for (const Json& s : j["scenarios"]) {
    EXPECT_EQ(Keys(s), (std::vector<std::string>{"file", "description", "status", "expected",
                                                 "profile", "matched_expectation", "stats", "bugs",
                                                 "errors"}));
    std::vector<std::string> stats{"states", "transitions", "max_depth", "seconds",
                                   "peak_memory_bytes", "store_bytes", "bytes_per_state",
                                   "collision_odds", "reduced_states", "complete", "limit",
                                   "strategy", "search_order", "coverage"};
    // A swarm member's (the incomplete fixture is one) adds its place in the swarm.
    if (s["stats"].contains("swarm")) stats.push_back("swarm");
    EXPECT_EQ(Keys(s["stats"]), stats);
  }
  const Json& member = j["scenarios"][1]["stats"]["swarm"];
  EXPECT_EQ(member, (Json{{"members", 4}, {"member", 2}}));
  const Json& deadlock = j["scenarios"][2]["bugs"][0];
  EXPECT_EQ(Keys(deadlock),
            (std::vector<std::string>{"id", "kind", "severity", "message", "location", "threads",
                                      "handled", "trace", "final_state", "wait_for",
                                      "wait_graph", "wait_cycle", "lock_order", "replay",
                                      "decisive"}));
  EXPECT_EQ(Keys(deadlock["location"]), (std::vector<std::string>{"file", "line", "column"}));
  EXPECT_EQ(Keys(deadlock["trace"]["steps"][0]),
            (std::vector<std::string>{"thread", "thread_name", "op", "line", "column", "outcome",
                                      "output", "access", "target", "decisive", "holds", "blocked"}));
  EXPECT_EQ(Keys(deadlock["final_state"][0]),
            (std::vector<std::string>{"thread", "name", "status", "daemon", "waits_on",
                                      "waits_line", "held_by", "stack"}));
  EXPECT_EQ(Keys(deadlock["final_state"][0]["stack"][0]),
            (std::vector<std::string>{"function", "file", "line"}));
  EXPECT_EQ(Keys(deadlock["wait_graph"][0]),
            (std::vector<std::string>{"thread", "waits_on", "line", "held_by"}));
  EXPECT_EQ(Keys(j["scenarios"][2]["bugs"][2]["lock_order"][0]),
            (std::vector<std::string>{"thread", "holds", "acquires", "op", "line", "column"}));
  EXPECT_EQ(Keys(j["scenarios"][0]["errors"][0]),
            (std::vector<std::string>{"message", "file", "line", "column"}));
}

TEST(JsonReportTest, FailingScenarioFields) {
  Json s = ReportToJson(fixtures::FullReport())["scenarios"][2];
  EXPECT_EQ(s["file"], "scenarios/corpus/lock_order.py");
  EXPECT_EQ(s["status"], "fail");
  EXPECT_EQ(s["expected"], Json::array());
  EXPECT_EQ(s["matched_expectation"], false);
  EXPECT_EQ(s["stats"]["bytes_per_state"], 20.0);  // 24680 / 1234
  ASSERT_EQ(s["bugs"].size(), 3u);
  const Json& deadlock = s["bugs"][0];
  EXPECT_EQ(deadlock["kind"], "deadlock");
  EXPECT_EQ(deadlock["trace"]["steps"].size(), 5u);
  EXPECT_EQ(deadlock["trace"]["steps"][3]["output"], Json::array({"one has a"}));
  EXPECT_EQ(deadlock["trace"]["steps"][0]["output"], Json::array());
  // The state after each step: what its thread holds, who is blocked.
  EXPECT_EQ(deadlock["trace"]["steps"][0]["holds"], Json::array());
  EXPECT_EQ(deadlock["trace"]["steps"][2]["holds"], Json::array({"a"}));
  EXPECT_EQ(deadlock["trace"]["steps"][4]["holds"], Json::array({"b"}));
  EXPECT_EQ(deadlock["trace"]["steps"][3]["blocked"], Json::array());
  EXPECT_EQ(deadlock["trace"]["steps"][4]["blocked"], Json::array({0, 1, 2}));
  EXPECT_EQ(deadlock["final_state"].size(), 3u);
  EXPECT_EQ(deadlock["final_state"][1]["held_by"], "Thread-2 (two)");
  EXPECT_EQ(deadlock["final_state"][1]["waits_line"], 13);
  EXPECT_EQ(deadlock["threads"].size(), 3u);
  EXPECT_EQ(deadlock["replay"], "lc1:aabbc");
  // The graph has every blocked thread; a join has no holder.
  EXPECT_EQ(deadlock["wait_graph"], Json::parse(R"json([
      {"thread": "Thread-1 (one)", "waits_on": "b.acquire()", "line": 13,
       "held_by": "Thread-2 (two)"},
      {"thread": "Thread-2 (two)", "waits_on": "a.acquire()", "line": 18,
       "held_by": "Thread-1 (one)"},
      {"thread": "MainThread", "waits_on": "t1.join()", "line": 26, "held_by": null}])json"));
  EXPECT_EQ(deadlock["wait_cycle"], Json::array({"Thread-1 (one)", "Thread-2 (two)"}));
  EXPECT_EQ(deadlock["lock_order"], Json::array());
  const Json& lasso = s["bugs"][1];
  EXPECT_EQ(lasso["kind"], "starvation");
  EXPECT_EQ(lasso["final_state"], Json::array());
  const Json& warning = s["bugs"][2];
  EXPECT_EQ(warning["kind"], "lock-order");
  EXPECT_EQ(warning["severity"], "warning");
  EXPECT_EQ(warning["lock_order"].size(), 2u);
  EXPECT_EQ(warning["lock_order"][1]["holds"], "b");
  EXPECT_EQ(warning["lock_order"][1]["acquires"], "a");
  EXPECT_EQ(warning["wait_graph"], Json::array());
}

TEST(JsonReportTest, StructuredFieldsAreAlwaysArrays) {
  // Every bug of every scenario has all three, whether or not they apply to its kind.
  // The report is a named object: a range-for over a member of the temporary would outlive it.
  const Json report = ReportToJson(fixtures::FullReport());
  for (const Json& s : report["scenarios"]) {
    for (const Json& b : s["bugs"]) {
      EXPECT_TRUE(b["wait_graph"].is_array()) << b["kind"];
      EXPECT_TRUE(b["wait_cycle"].is_array()) << b["kind"];
      EXPECT_TRUE(b["lock_order"].is_array()) << b["kind"];
    }
  }
  Json handled = ReportToJson(fixtures::FullReport())["scenarios"][4]["bugs"][0];
  EXPECT_EQ(handled["wait_graph"], Json::array());
  EXPECT_EQ(handled["wait_cycle"], Json::array());
  EXPECT_EQ(handled["lock_order"], Json::array());
}

TEST(JsonReportTest, LoopStartOnlyOnLassos) {
  Json s = ReportToJson(fixtures::FullReport())["scenarios"][2];
  const Json& deadlock_trace = s["bugs"][0]["trace"];
  EXPECT_FALSE(deadlock_trace.contains("loop_start"));
  EXPECT_EQ(Keys(deadlock_trace), (std::vector<std::string>{"steps"}));
  const Json& lasso_trace = s["bugs"][1]["trace"];
  EXPECT_EQ(Keys(lasso_trace), (std::vector<std::string>{"steps", "loop_start"}));
  EXPECT_EQ(lasso_trace["loop_start"], 2);
  // 0 is a real loop start (the whole trace repeats), not "absent".
  RunReport report = SmallReport();
  report.scenarios[0].bugs[0].loop_start = 0;
  EXPECT_EQ(ReportToJson(report)["scenarios"][0]["bugs"][0]["trace"]["loop_start"], 0);
}

// The added fields: each step's footprint and mark, and the bug's note; the trace stays whole
// (the text folds it, the JSON never does).
TEST(JsonReportTest, StepsCarryAccessTargetAndDecisiveMarks) {
  RunReport report;
  report.scenarios = {fixtures::LostUpdateScenario()};
  Json bug = ReportToJson(report)["scenarios"][0]["bugs"][0];
  const Json& steps = bug["trace"]["steps"];
  ASSERT_EQ(steps.size(), 30u);
  EXPECT_EQ(steps[7]["access"], "read");
  EXPECT_EQ(steps[7]["target"], "counter");
  EXPECT_EQ(steps[7]["decisive"], true);
  EXPECT_EQ(steps[8]["access"], "write");
  EXPECT_EQ(steps[6]["decisive"], false);
  EXPECT_EQ(steps[4]["access"], "start");
  EXPECT_TRUE(steps[0]["access"].is_null());
  EXPECT_TRUE(steps[0]["target"].is_null());
  std::vector<int> marked;
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i]["decisive"].get<bool>()) marked.push_back(static_cast<int>(i) + 1);
  EXPECT_EQ(marked, (std::vector<int>{8, 9, 18, 29, 30}));
  EXPECT_EQ(bug["decisive"].get<std::string>().substr(0, 32), "Thread-2 (work) read counter (st");
}

TEST(JsonReportTest, AbsentOptionalStringsAreNull) {
  Json j = ReportToJson(fixtures::FullReport());
  // A lasso has no wait-for cycle.
  EXPECT_TRUE(j["scenarios"][2]["bugs"][1]["wait_for"].is_null());
  EXPECT_EQ(j["scenarios"][2]["bugs"][0]["wait_for"].get<std::string>().substr(0, 14),
            "Thread-1 (one)");
  // A complete search has no limit; a cut one names it.
  EXPECT_TRUE(j["scenarios"][2]["stats"]["limit"].is_null());
  EXPECT_EQ(j["scenarios"][1]["stats"]["limit"], "max-states");
  EXPECT_EQ(j["scenarios"][1]["stats"]["complete"], false);
  // A finished thread waits on nothing.
  const Json& finished = j["scenarios"][4]["bugs"][0]["final_state"][0];
  EXPECT_EQ(finished["status"], "finished");
  EXPECT_TRUE(finished["waits_on"].is_null());
  EXPECT_TRUE(finished["waits_line"].is_null());
  EXPECT_TRUE(finished["held_by"].is_null());
  const Json& daemon = j["scenarios"][4]["bugs"][0]["final_state"][2];
  EXPECT_EQ(daemon["daemon"], true);
  EXPECT_EQ(daemon["status"], "abandoned");
  // The stack is innermost last, as given.
  EXPECT_EQ(daemon["stack"][1]["function"], "busy");
}

TEST(JsonReportTest, HandledAndExpected) {
  Json s = ReportToJson(fixtures::FullReport())["scenarios"][4];
  EXPECT_EQ(s["expected"], Json::array({"unlock-not-held"}));
  EXPECT_EQ(s["matched_expectation"], true);
  EXPECT_EQ(s["bugs"][0]["kind"], "unlock-not-held");
  EXPECT_EQ(s["bugs"][0]["handled"], true);
  EXPECT_EQ(s["bugs"][0]["severity"], "error");
}

TEST(JsonReportTest, InputErrorScenario) {
  Json s = ReportToJson(fixtures::FullReport())["scenarios"][0];
  EXPECT_EQ(s["status"], "error");
  EXPECT_EQ(s["bugs"], Json::array());
  EXPECT_EQ(s["description"], "");
  EXPECT_EQ(s["stats"]["bytes_per_state"], 0.0);  // no state: no division
  EXPECT_EQ(s["errors"], Json::parse(R"([{"message": "'(' was never closed",
                                          "file": "scenarios/bad/syntax.py",
                                          "line": 1, "column": 5}])"));
}

TEST(JsonReportTest, WithoutTimingTheTimingFieldsAreZero) {
  RunReport fast = fixtures::FullReport();
  RunReport slow = fixtures::FullReport();
  for (ScenarioResult& r : slow.scenarios) {
    r.stats.seconds = 7.5;
    r.stats.peak_memory_bytes += 1 << 30;
  }
  Json with_timing = ReportToJson(slow);
  EXPECT_EQ(with_timing["scenarios"][2]["stats"]["seconds"], 7.5);
  EXPECT_EQ(with_timing["scenarios"][2]["stats"]["peak_memory_bytes"], 7286784 + (1 << 30));
  Json without = ReportToJson(slow, /*include_timing=*/false);
  for (const Json& s : without["scenarios"]) {
    EXPECT_EQ(s["stats"]["seconds"], 0.0);
    EXPECT_EQ(s["stats"]["peak_memory_bytes"], 0);
  }
  // Everything else is kept.
  EXPECT_EQ(without["scenarios"][2]["stats"]["states"], 1234);
  EXPECT_EQ(without["scenarios"][2]["stats"]["store_bytes"], 24680);
  // Two runs that differ only in timing give the same bytes.
  EXPECT_EQ(RenderJson(fast, false), RenderJson(slow, false));
  EXPECT_NE(RenderJson(fast, true), RenderJson(slow, true));
}

TEST(JsonReportTest, RendersAnyInput) {
  RunReport report = SmallReport();
  report.options = nullptr;  // not filled: still an object
  report.scenarios[0].bugs[0].trace[0].output = {"caf\xC3\xA9", "bad \xFF byte"};
  std::string text;
  ASSERT_NO_THROW(text = RenderJson(report));
  EXPECT_EQ(text.back(), '\n');
  Json j = Json::parse(text);
  EXPECT_EQ(j["options"], Json::object());
  EXPECT_EQ(j["scenarios"][0]["bugs"][0]["trace"]["steps"][0]["output"],
            Json::array({"caf\xC3\xA9", "bad \xEF\xBF\xBD byte"}));
}

TEST(JsonReportTest, EmptyRun) {
  RunReport report;
  EXPECT_EQ(RenderJson(report), R"({
  "schema": "lockcheck-report/1",
  "tool": {
    "name": "lockcheck",
    "version": ""
  },
  "options": {},
  "scenarios": []
}
)");
}

TEST(ResultNamesTest, KindNamesRoundTrip) {
  for (BugKind k : kAllBugKinds) EXPECT_EQ(BugKindFromName(BugKindName(k)), k);
  EXPECT_EQ(BugKindName(BugKind::kUnlockNotHeld), "unlock-not-held");
  EXPECT_EQ(BugKindName(BugKind::kLockOrder), "lock-order");
  EXPECT_EQ(BugKindFromName("pass"), std::nullopt);
  EXPECT_EQ(BugKindFromName("Deadlock"), std::nullopt);
  EXPECT_EQ(SeverityName(Severity::kWarning), "warning");
  EXPECT_EQ(ScenarioStatusName(ScenarioStatus::kIncomplete), "incomplete");
}

}  // namespace
}  // namespace lockcheck
