// libFuzzer target: the JSON report reader (reports/json_reader.h), which `lockcheck merge` and
// `lockcheck explain` run on files a user names. Any text is read or refused with a message;
// a report that reads renders (JSON, text, SARIF, JUnit) without crashing, and the reader is
// the writer's inverse: what the writer writes reads back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "reports/json_reader.h"
#include "reports/json_report.h"
#include "reports/junit_report.h"
#include "reports/sarif_report.h"
#include "reports/text_report.h"
#include "tools/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<lockcheck::RunReport> report = lockcheck::ReadJsonReport(text, "fuzz.json");
  if (!report.ok()) {
    FUZZ_CHECK(!report.status().message().empty(), "a refusal without a message");
    return 0;
  }
  std::string json = lockcheck::RenderJson(*report);
  absl::StatusOr<lockcheck::RunReport> back = lockcheck::ReadJsonReport(json, "again.json");
  FUZZ_CHECK(back.ok(), "the writer's output does not read back");
  FUZZ_CHECK(lockcheck::RenderJson(*back) == json, "a round trip changed the report");
  lockcheck::TextOptions text_options;
  for (const lockcheck::ScenarioResult& r : report->scenarios) {
    (void)lockcheck::RenderText(r, text_options);
  }
  (void)lockcheck::RenderSummary(report->scenarios);
  (void)lockcheck::RenderSarif(*report, lockcheck::SarifOptions{});
  (void)lockcheck::RenderJunit(*report);
  return 0;
}
