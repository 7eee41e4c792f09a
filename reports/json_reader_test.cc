#include "reports/json_reader.h"

#include "gtest/gtest.h"
#include "reports/json_report.h"
#include "reports/report_fixtures.h"

namespace lockcheck {
namespace {

// The reader is the writer's inverse: every fixture (deadlocks, lassos, lock-order warnings,
// input errors, incomplete searches) renders to the same bytes after a round trip.
TEST(JsonReaderTest, ReadsBackWhatTheWriterWrote) {
  RunReport report = fixtures::FullReport();
  std::string text = RenderJson(report);
  absl::StatusOr<RunReport> back = ReadJsonReport(text, "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(RenderJson(*back), text);
  ASSERT_EQ(back->scenarios.size(), report.scenarios.size());
  for (size_t i = 0; i < report.scenarios.size(); ++i) {
    EXPECT_EQ(back->scenarios[i].status, report.scenarios[i].status) << i;
    EXPECT_EQ(back->scenarios[i].bugs.size(), report.scenarios[i].bugs.size()) << i;
  }
}

TEST(JsonReaderTest, InputErrorsComeBackRendered) {
  RunReport report;
  report.scenarios.push_back(fixtures::InputErrorScenario());
  absl::StatusOr<RunReport> back = ReadJsonReport(RenderJson(report), "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  const ScenarioResult& r = back->scenarios[0];
  ASSERT_EQ(r.rendered_errors.size(), r.errors.size());
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.rendered_errors[0], RenderDiagnostic(r.errors[0], nullptr));
}

// A report written by a later lockcheck may carry fields this one does not know: they are
// ignored (the schema's rule for consumers), and the rest reads as before.
TEST(JsonReaderTest, IgnoresFieldsItDoesNotKnow) {
  nlohmann::ordered_json doc = ReportToJson(fixtures::FullReport());
  doc["future_field"] = 1;
  doc["scenarios"][2]["bugs"][0]["trace"]["steps"][0]["future_mark"] = true;
  absl::StatusOr<RunReport> back = ReadJsonReport(doc.dump(), "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(RenderJson(*back), RenderJson(fixtures::FullReport()));
}

// `profile` was added within lockcheck-report/1: it reads back, and a report written before it
// was checked under "language" (merge then compares profiles like any other scenario field).
TEST(JsonReaderTest, ProfileReadsBackAndDefaultsToLanguage) {
  RunReport report = fixtures::FullReport();
  report.scenarios[0].profile = "cpython-3.13";
  absl::StatusOr<RunReport> back = ReadJsonReport(RenderJson(report), "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->scenarios[0].profile, "cpython-3.13");
  EXPECT_EQ(back->scenarios[1].profile, "language");
  nlohmann::ordered_json doc = ReportToJson(fixtures::FullReport());
  for (auto& scenario : doc["scenarios"]) scenario.erase("profile");
  back = ReadJsonReport(doc.dump(), "old.json");
  ASSERT_TRUE(back.ok()) << back.status();
  for (const ScenarioResult& r : back->scenarios) EXPECT_EQ(r.profile, "language");
}

// A distributed search's shares (stats.distributed, added within lockcheck-report/1) read back
// rank by rank, render as written, and a column that does not have one figure per rank is
// refused with its place.
TEST(JsonReaderTest, DistributedSharesReadBack) {
  RunReport report = fixtures::FullReport();
  report.scenarios[0].stats.ranks = {{10, 4, 3, 400}, {12, 5, 3, 500}, {9, 2, 2, 200}};
  report.scenarios[0].stats.search_order = "distributed breadth-first";
  const std::string text = RenderJson(report);
  absl::StatusOr<RunReport> back = ReadJsonReport(text, "r.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(RenderJson(*back), text);
  const std::vector<RankShare>& ranks = back->scenarios[0].stats.ranks;
  ASSERT_EQ(ranks.size(), 3u);
  EXPECT_EQ(ranks[1].states, 12u);
  EXPECT_EQ(ranks[1].states_sent, 5u);
  EXPECT_EQ(ranks[2].messages, 2u);
  EXPECT_EQ(ranks[0].bytes_sent, 400u);
  EXPECT_TRUE(back->scenarios[1].stats.ranks.empty());
  nlohmann::ordered_json doc = ReportToJson(report);
  EXPECT_EQ(doc["scenarios"][0]["stats"]["distributed"]["ranks"], 3);
  doc["scenarios"][0]["stats"]["distributed"]["messages"].erase(0);
  EXPECT_EQ(ReadJsonReport(doc.dump(), "a.json").status().message(),
            "a.json: scenarios[0].stats.distributed.messages: expected 3 figures, one for each "
            "rank");
}

TEST(JsonReaderTest, RefusesWhatItCannotRead) {
  EXPECT_EQ(ReadJsonReport("{not json", "a.json").status().message(),
            "a.json: not a JSON document");
  EXPECT_EQ(ReadJsonReport(R"({"schema": "lockcheck-report/2"})", "a.json").status().message(),
            "a.json: a \"lockcheck-report/2\" report; this lockcheck reads \"lockcheck-report/1\"");
  EXPECT_EQ(ReadJsonReport("[]", "a.json").status().message(),
            "a.json: the document: expected an object");

  nlohmann::ordered_json doc = ReportToJson(fixtures::FullReport());
  doc["scenarios"][2]["bugs"][0].erase("kind");
  EXPECT_EQ(ReadJsonReport(doc.dump(), "a.json").status().message(),
            "a.json: scenarios[2].bugs[0].kind: missing");
  doc = ReportToJson(fixtures::FullReport());
  doc["scenarios"][0]["stats"]["states"] = "many";
  EXPECT_EQ(ReadJsonReport(doc.dump(), "a.json").status().message(),
            "a.json: scenarios[0].stats.states: expected a non-negative integer");
  doc = ReportToJson(fixtures::FullReport());
  doc["scenarios"][2]["bugs"][0]["kind"] = "race";
  EXPECT_EQ(ReadJsonReport(doc.dump(), "a.json").status().message(),
            "a.json: scenarios[2].bugs[0].kind: expected a bug kind");
  doc = ReportToJson(fixtures::FullReport());
  doc["scenarios"][2]["bugs"][0]["location"]["line"] = 1e12;
  EXPECT_FALSE(ReadJsonReport(doc.dump(), "a.json").ok());
}

}  // namespace
}  // namespace lockcheck
