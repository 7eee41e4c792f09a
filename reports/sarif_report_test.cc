// The SARIF report on the shared fixtures: the run's structure, one result per finding at its
// location, thread flows, related locations, fingerprints, suppressions of declared bugs, paths
// relative to the source root, and deterministic bytes. tools/golden/*.sarif pin whole files of
// real corpus runs; the CTest sarif_validate runs Microsoft's validator on the corpus.
#include "reports/sarif_report.h"

#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reports/report_fixtures.h"
#include "reports/sarif_rules.h"

namespace lockcheck {
namespace {

using Json = nlohmann::ordered_json;
using ::testing::HasSubstr;

SarifOptions Cwd() { return SarifOptions{"/w", "/w", 1, {}}; }

const Json& SarifRun(const Json& sarif) { return sarif["runs"][0]; }

// The results of one rule, in order.
std::vector<Json> ResultsOf(const Json& sarif, const std::string& rule) {
  std::vector<Json> out;
  for (const Json& r : SarifRun(sarif)["results"])
    if (r["ruleId"] == rule) out.push_back(r);
  return out;
}

TEST(SarifReportTest, RunHasToolRulesAndInvocation) {
  Json sarif = ReportToSarif(fixtures::FullReport(), Cwd());
  EXPECT_EQ(sarif["$schema"], kSarifSchemaUri);
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const Json& driver = SarifRun(sarif)["tool"]["driver"];
  EXPECT_EQ(driver["name"], "lockcheck");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  const Json& rules = driver["rules"];
  ASSERT_EQ(rules.size(), std::size(kAllBugKinds) + 2);
  for (size_t i = 0; i < std::size(kAllBugKinds); ++i) {
    EXPECT_EQ(rules[i]["id"], std::string(BugKindName(kAllBugKinds[i])));
    std::string level = kAllBugKinds[i] == BugKind::kLockOrder ? "warning" : "error";
    EXPECT_EQ(rules[i]["defaultConfiguration"]["level"], level);
    EXPECT_EQ(rules[i]["properties"]["problem.severity"], level);
    EXPECT_EQ(rules[i]["properties"]["precision"], "very-high");
    // The help says what the kind means, how to read the trace and how to replay.
    EXPECT_THAT(rules[i]["help"]["text"].get<std::string>(), HasSubstr("Reading the trace"));
    EXPECT_THAT(rules[i]["help"]["markdown"].get<std::string>(), HasSubstr("### Replaying"));
    EXPECT_NE(rules[i]["name"], rules[i]["id"]);
  }
  EXPECT_EQ(rules[std::size(kAllBugKinds)]["id"], kInputErrorRule);
  EXPECT_EQ(rules[std::size(kAllBugKinds) + 1]["id"], kExpectedNotFoundRule);
  EXPECT_EQ(SarifRun(sarif)["columnKind"], "unicodeCodePoints");
  const Json& invocation = SarifRun(sarif)["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], true);
  EXPECT_EQ(invocation["exitCode"], 1);
  EXPECT_EQ(SarifRun(sarif)["properties"]["options"]["fairness"], "weak");
  // Every scenario is an artifact, in the order checked, each once.
  const Json& artifacts = SarifRun(sarif)["artifacts"];
  ASSERT_EQ(artifacts.size(), 5u);
  EXPECT_EQ(artifacts[0]["location"]["uri"], "scenarios/bad/syntax.py");
  EXPECT_EQ(artifacts[2]["location"]["uri"], fixtures::kLockOrderFile);
  EXPECT_EQ(artifacts[4]["location"]["uri"], "scenarios/corpus/release_twice_caught.py");
}

TEST(SarifReportTest, OneResultPerFindingWithMatchingRuleIndex) {
  Json sarif = ReportToSarif(fixtures::FullReport(), Cwd());
  std::vector<std::string> ids;
  const Json& rules = SarifRun(sarif)["tool"]["driver"]["rules"];
  for (const Json& r : SarifRun(sarif)["results"]) {
    ids.push_back(r["ruleId"]);
    EXPECT_EQ(rules[r["ruleIndex"].get<int>()]["id"], r["ruleId"]);
    EXPECT_EQ(r["kind"], "fail");
    // Where the artifact index points is the result's own file.
    const Json& loc = r["locations"][0]["physicalLocation"]["artifactLocation"];
    EXPECT_EQ(SarifRun(sarif)["artifacts"][loc["index"].get<int>()]["location"]["uri"], loc["uri"]);
  }
  // The input error, the failing scenario's three bugs, the declared unlock-not-held; the
  // passing and the incomplete scenarios have none.
  EXPECT_EQ(ids, (std::vector<std::string>{"input-error", "deadlock", "starvation", "lock-order",
                                           "unlock-not-held"}));
}

TEST(SarifReportTest, DeadlockResultAtItsLocationWithReplayAndFingerprint) {
  Json sarif = ReportToSarif(fixtures::FullReport(), Cwd());
  Json r = ResultsOf(sarif, "deadlock").at(0);
  EXPECT_EQ(r["level"], "error");
  EXPECT_EQ(r["message"]["text"],
            "Thread-1 (one), Thread-2 (two) wait for each other. Replay: lockcheck replay "
            "scenarios/corpus/lock_order.py --schedule lc1:aabbc");
  const Json& p = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(p["artifactLocation"]["uri"], "scenarios/corpus/lock_order.py");
  EXPECT_EQ(p["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(p["region"]["startLine"], 13);
  EXPECT_EQ(p["region"]["startColumn"], 14);
  EXPECT_EQ(r["partialFingerprints"][kSarifFingerprintKey], "4cd7f81c6263b055");
  EXPECT_FALSE(r.contains("suppressions"));  // the scenario declares nothing
  EXPECT_EQ(r["properties"]["replay"], "lc1:aabbc");
}

TEST(SarifReportTest, BlockedThreadsAreRelatedLocations) {
  Json r = ResultsOf(ReportToSarif(fixtures::FullReport(), Cwd()), "deadlock").at(0);
  const Json& related = r["relatedLocations"];
  ASSERT_EQ(related.size(), 3u);
  std::vector<int> lines;
  std::set<int> ids;
  for (const Json& l : related) {
    lines.push_back(l["physicalLocation"]["region"]["startLine"]);
    ids.insert(l["id"].get<int>());
  }
  EXPECT_EQ(lines, (std::vector<int>{26, 13, 18}));
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(related[1]["message"]["text"],
            "Thread-1 (one) is blocked in b.acquire(), waiting for Thread-2 (two)");
}

TEST(SarifReportTest, OneThreadFlowPerThreadInterleavingByExecutionOrder) {
  Json r = ResultsOf(ReportToSarif(fixtures::FullReport(), Cwd()), "deadlock").at(0);
  ASSERT_EQ(r["codeFlows"].size(), 1u);
  const Json& flows = r["codeFlows"][0]["threadFlows"];
  ASSERT_EQ(flows.size(), 3u);
  std::vector<std::string> ids, names;
  std::vector<std::vector<int>> orders;
  for (const Json& f : flows) {
    ids.push_back(f["id"]);
    names.push_back(f["message"]["text"]);
    std::vector<int> o;
    for (const Json& l : f["locations"]) o.push_back(l["executionOrder"]);
    orders.push_back(o);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"thread-0", "thread-1", "thread-2"}));
  EXPECT_EQ(names, (std::vector<std::string>{"MainThread", "Thread-1 (one)", "Thread-2 (two)"}));
  EXPECT_EQ(orders, (std::vector<std::vector<int>>{{0, 1}, {2, 3}, {4}}));
  const Json& step = flows[1]["locations"][1];
  EXPECT_EQ(step["location"]["message"]["text"], "print('one has a'): printed");
  EXPECT_EQ(step["location"]["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_EQ(step["location"]["physicalLocation"]["region"]["startColumn"], 9);
  EXPECT_EQ(step["properties"]["output"], Json::array({"one has a"}));
  EXPECT_FALSE(step["properties"].contains("cycle"));  // not a lasso
}

TEST(SarifReportTest, LassoCycleStepsAreMarked) {
  Json r = ResultsOf(ReportToSarif(fixtures::FullReport(), Cwd()), "starvation").at(0);
  std::vector<std::pair<int, bool>> steps;
  for (const Json& f : r["codeFlows"][0]["threadFlows"]) {
    for (const Json& l : f["locations"]) {
      bool cycle = l.contains("properties") && l["properties"].value("cycle", false);
      steps.emplace_back(l["executionOrder"].get<int>(), cycle);
    }
  }
  EXPECT_EQ(steps, (std::vector<std::pair<int, bool>>{
                       {0, false}, {1, false}, {2, true}, {3, true}}));
  EXPECT_THAT(r["codeFlows"][0]["message"]["text"].get<std::string>(),
              HasSubstr("from executionOrder 2 on, the steps repeat forever"));
  EXPECT_EQ(r["properties"]["loopStart"], 2);
}

TEST(SarifReportTest, LockOrderWarningRelatesEachAcquisition) {
  Json r = ResultsOf(ReportToSarif(fixtures::FullReport(), Cwd()), "lock-order").at(0);
  EXPECT_EQ(r["level"], "warning");
  ASSERT_EQ(r["relatedLocations"].size(), 2u);
  const Json& second = r["relatedLocations"][1];
  EXPECT_EQ(second["physicalLocation"]["region"]["startLine"], 18);
  EXPECT_EQ(second["physicalLocation"]["region"]["startColumn"], 14);
  EXPECT_EQ(second["message"]["text"], "Thread-2 (two) acquires a in a.acquire() while holding b");
}

TEST(SarifReportTest, DeclaredBugIsSuppressedInSource) {
  Json r = ResultsOf(ReportToSarif(fixtures::FullReport(), Cwd()), "unlock-not-held").at(0);
  ASSERT_EQ(r["suppressions"].size(), 1u);
  EXPECT_EQ(r["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(r["suppressions"][0]["status"], "accepted");
  EXPECT_THAT(r["suppressions"][0]["justification"].get<std::string>(),
              HasSubstr("expect=unlock-not-held"));
  EXPECT_THAT(r["message"]["text"].get<std::string>(), HasSubstr("(handled by the scenario)"));
}

TEST(SarifReportTest, InputErrorIsAResultAtTheDiagnostic) {
  Json r = ResultsOf(ReportToSarif(fixtures::FullReport(), Cwd()), "input-error").at(0);
  EXPECT_EQ(r["message"]["text"], "'(' was never closed");
  const Json& p = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(p["artifactLocation"]["uri"], "scenarios/bad/syntax.py");
  EXPECT_EQ(p["region"]["startLine"], 1);
  EXPECT_EQ(p["region"]["startColumn"], 5);
  EXPECT_THAT(r["properties"]["rendered"].get<std::string>(), HasSubstr("        ^\n"));
}

TEST(SarifReportTest, IncompleteSearchIsANotification) {
  Json sarif = ReportToSarif(fixtures::FullReport(), Cwd());
  const Json& notes = SarifRun(sarif)["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["level"], "warning");
  EXPECT_EQ(notes[0]["descriptor"]["id"], "incomplete");
  EXPECT_EQ(notes[0]["message"]["text"],
            "scenarios/corpus/dining_5.py: the search was stopped by max-states after 1000000 "
            "states with no bug found; the verdict is incomplete");
}

TEST(SarifReportTest, UsageErrorsMakeTheExecutionUnsuccessful) {
  SarifOptions options = Cwd();
  options.exit_code = 2;
  options.usage_errors = {"nope/: no such file or folder"};
  Json sarif = ReportToSarif(fixtures::FullReport(), options);
  const Json& invocation = SarifRun(sarif)["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  EXPECT_EQ(invocation["exitCode"], 2);
  EXPECT_EQ(invocation["toolExecutionNotifications"][0]["level"], "error");
  EXPECT_EQ(invocation["toolExecutionNotifications"][0]["message"]["text"],
            "nope/: no such file or folder");
}

TEST(SarifReportTest, ExpectedBugNotFoundIsAResultAtTheFirstLine) {
  RunReport report;
  report.version = "0.1.0";
  ScenarioResult s = fixtures::PassingScenario();
  s.expected = {BugKind::kDeadlock};
  s.matched_expectation = false;
  report.scenarios = {s};
  Json sarif = ReportToSarif(report, Cwd());
  ASSERT_EQ(SarifRun(sarif)["results"].size(), 1u);
  const Json& r = SarifRun(sarif)["results"][0];
  EXPECT_EQ(r["ruleId"], kExpectedNotFoundRule);
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
  EXPECT_EQ(r["message"]["text"],
            "the scenario declares expect=deadlock, but none of the 58 states explored shows a "
            "deadlock");
}

TEST(SarifReportTest, FingerprintsAreStableAndDistinct) {
  RunReport report = fixtures::FullReport();
  Json a = ReportToSarif(report, Cwd());
  Json b = ReportToSarif(report, SarifOptions{"/elsewhere", "/elsewhere", 0, {}});
  std::vector<std::string> fa, fb;
  for (const Json& r : SarifRun(a)["results"]) fa.push_back(r["partialFingerprints"][kSarifFingerprintKey]);
  for (const Json& r : SarifRun(b)["results"]) fb.push_back(r["partialFingerprints"][kSarifFingerprintKey]);
  EXPECT_EQ(fa, fb);  // not tied to the machine's folders
  EXPECT_EQ(std::set<std::string>(fa.begin(), fa.end()).size(), fa.size());
  // An input error's fingerprint follows its message.
  report.scenarios[0].errors[0].message = "something else";
  Json c = ReportToSarif(report, Cwd());
  EXPECT_NE(SarifRun(c)["results"][0]["partialFingerprints"][kSarifFingerprintKey], fa[0]);
  EXPECT_EQ(SarifRun(c)["results"][1]["partialFingerprints"][kSarifFingerprintKey], fa[1]);
}

TEST(SarifReportTest, PathsAreRelativeToTheSourceRoot) {
  SarifOptions root{"/w/repo", "/w/repo/scenarios", 0, {}};
  EXPECT_EQ(SarifArtifactLocation("scenarios/corpus/x.py", root),
            (Json{{"uri", "corpus/x.py"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(SarifArtifactLocation("/w/repo/scenarios/./a/../y.py", root),
            (Json{{"uri", "y.py"}, {"uriBaseId", "%SRCROOT%"}}));
  // Outside the root: an absolute URI, which no base can resolve wrongly.
  EXPECT_EQ(SarifArtifactLocation("tools/z.py", root), (Json{{"uri", "file:///w/repo/tools/z.py"}}));
  EXPECT_EQ(SarifArtifactLocation("../other/z.py", root), (Json{{"uri", "file:///w/other/z.py"}}));
  // Percent-encoded: spaces, '#', '%' and non-ASCII bytes.
  EXPECT_EQ(SarifArtifactLocation("my dir/a#b%c\xC3\xA9.py", SarifOptions{"/w", "/w", 0, {}}),
            (Json{{"uri", "my%20dir/a%23b%25c%C3%A9.py"}, {"uriBaseId", "%SRCROOT%"}}));
  // The results use it.
  Json sarif = ReportToSarif(fixtures::FullReport(), SarifOptions{"/w", "/w/scenarios", 0, {}});
  EXPECT_EQ(ResultsOf(sarif, "deadlock")
                .at(0)["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "corpus/lock_order.py");
}

TEST(SarifReportTest, SameReportSameBytesAndBadUtf8IsReplaced) {
  RunReport report = fixtures::FullReport();
  EXPECT_EQ(RenderSarif(report, Cwd()), RenderSarif(report, Cwd()));
  report.scenarios[2].bugs[0].message = "bad \xff byte";
  std::string text = RenderSarif(report, Cwd());
  EXPECT_THAT(text, HasSubstr("bad \xEF\xBF\xBD byte"));
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace lockcheck
