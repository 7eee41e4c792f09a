// libFuzzer target: the whole check of one scenario, as `lockcheck check` and `replay` do it,
// under small limits so that each input finishes in well under a second: at most 300 states,
// 100 steps deep, 0.25 s, 20,000 instructions between visible operations, 40 calls
// deep, and small budgets for the strategies a pragma may pick. The flags override the
// scenario's pragmas, as on the command line.
//
// Properties: the search ends with a verdict or input errors (never both), every error-severity
// bug's token replays to bugs that include one of its kind, and the JSON report of the result
// reads back to the same bytes. `lockcheck run` is left out: its 100,000-step walk of a looping
// scenario is slow by design, not a fault. Lock-order warnings are not replayed: their replay
// checks the scenario again, whose limited search need not meet them a second time.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/check.h"
#include "reports/json_reader.h"
#include "reports/json_report.h"
#include "reports/text_report.h"
#include "tools/fuzz/fuzz_util.h"

namespace {

const std::vector<lockcheck::OptionSetting>& Limits() {
  static const auto* settings = new std::vector<lockcheck::OptionSetting>{
      {"max-states", "300"},   {"max-depth", "100"},     {"time-limit", "0.25"},
      {"step-budget", "20000"}, {"max-call-depth", "40"}, {"executions", "10"},
      {"preemptions", "1"},     {"pct-depth", "2"},       {"memory-limit", "1500"},
  };
  return *settings;
}

// The checker reads scenarios from files: one per fuzzing process, rewritten for each input,
// and removed when the process exits.
const std::string& ScenarioPath() {
  static const std::string* path = [] {
    auto* p = new std::string(
        (std::filesystem::temp_directory_path() / absl::StrCat("lockcheck-fuzz-", getpid(), ".py"))
            .string());
    std::atexit([] { std::remove(ScenarioPath().c_str()); });
    return p;
  }();
  return *path;
}

void ExpectReplays(const lockcheck::CheckRequest& request, const lockcheck::Bug& bug) {
  if (bug.severity != lockcheck::Severity::kError || bug.replay.empty()) return;
  lockcheck::ScenarioResult replayed = lockcheck::ReplayScenario(request, bug.replay);
  if (replayed.status == lockcheck::ScenarioStatus::kError) {
    // The replay may still hit a limit the search did not (the time limit); anything else is a
    // token the checker made and then refused.
    for (const std::string& e : replayed.rendered_errors) std::fprintf(stderr, "%s", e.c_str());
  }
  FUZZ_CHECK(replayed.status == lockcheck::ScenarioStatus::kFail, bug.replay.c_str());
  // One schedule may end in several bugs at once (a thread's uncaught exception that leaves
  // another blocked for good: exception and deadlock); the replay shows them all.
  bool same_kind = false;
  for (const lockcheck::Bug& b : replayed.bugs) same_kind = same_kind || b.kind == bug.kind;
  FUZZ_CHECK(same_kind, "the replay does not show the bug's kind");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(ScenarioPath(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  lockcheck::CheckRequest request;
  request.path = ScenarioPath();
  request.settings = Limits();
  request.jobs = 1;

  lockcheck::ScenarioResult result = lockcheck::CheckScenario(request);
  FUZZ_CHECK((result.status == lockcheck::ScenarioStatus::kError) != result.errors.empty(),
             "input errors without the error status, or the reverse");
  if (result.status == lockcheck::ScenarioStatus::kError) return 0;
  for (const lockcheck::Bug& bug : result.bugs) ExpectReplays(request, bug);

  lockcheck::RunReport report;
  report.scenarios.push_back(result);
  std::string json = lockcheck::RenderJson(report);
  absl::StatusOr<lockcheck::RunReport> back = lockcheck::ReadJsonReport(json, "fuzz.json");
  FUZZ_CHECK(back.ok(), "the report does not read back");
  FUZZ_CHECK(lockcheck::RenderJson(*back) == json, "a round trip changed the report");
  (void)lockcheck::RenderText(result, lockcheck::TextOptions{});
  return 0;
}
