// The SARIF 2.1.0 report (`lockcheck check --sarif FILE`), shaped for GitHub code scanning.
//
// One run. tool.driver lists one rule per bug kind (kAllBugKinds, in that order), then
// "input-error" and "expected-bug-not-found"; each rule carries what the finding means, how to
// read the trace and how to replay it. A result is one of:
//   * a bug, at the bug's location: the message and the replay command, the trace as a code flow
//     with one thread flow per thread (executionOrder is the step's 0-based index in the whole
//     trace, so the flows interleave back into the text trace; a lasso's cycle steps carry
//     properties.cycle), each blocked thread of the final state and each lock-order
//     acquisition as a related location, and partialFingerprints {"lockcheck/v1": bug.id};
//   * an input error (a scenario that could not be checked), at the diagnostic's location;
//   * an expected bug kind that no interleaving showed, at line 1 of the scenario (the pragma).
// A bug whose kind the scenario's pragma declares is still a result, with a suppression of kind
// "inSource" and status "accepted" (the pragma is the in-source declaration): SARIF viewers hide
// suppressed results (VS Code's SARIF viewer, Microsoft's sarif-web-component), and the trace
// stays in the file for whoever wants it. A search that a bound cut short with nothing found is not a finding in the code: it is a
// warning in invocations[0].toolExecutionNotifications; usage errors (a missing path) are
// notifications of level error, and make executionSuccessful false.
//
// Paths: a file below options.base_dir (the working directory, or --source-root) is a URI
// relative to it with uriBaseId "%SRCROOT%"; a file outside it is an absolute file:// URI.
// Columns count code points (columnKind "unicodeCodePoints"), as the front end counts them.
// Keys are in a fixed order and nothing depends on the time or machine, so the same run gives
// the same bytes.
#ifndef LOCKCHECK_REPORTS_SARIF_REPORT_H_
#define LOCKCHECK_REPORTS_SARIF_REPORT_H_

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "reports/report.h"

namespace lockcheck {

inline constexpr char kSarifSchemaUri[] = "https://json.schemastore.org/sarif-2.1.0.json";
inline constexpr char kSarifFingerprintKey[] = "lockcheck/v1";
inline constexpr char kSarifSourceRoot[] = "%SRCROOT%";

struct SarifOptions {
  // Absolute folder that relative scenario paths (as the report names them) are resolved from.
  std::string working_dir;
  // Absolute folder that artifact URIs are relative to: the working directory, or --source-root.
  std::string base_dir;
  // The exit status of the run, for invocations[0].exitCode.
  int exit_code = 0;
  // Usage errors of the run (a path that does not exist, ...), one line each.
  std::vector<std::string> usage_errors;
};

nlohmann::ordered_json ReportToSarif(const RunReport& report, const SarifOptions& options);

// ReportToSarif, dumped with 2-space indentation and a final newline; bytes that are not valid
// UTF-8 (scenario text is untrusted) become U+FFFD.
std::string RenderSarif(const RunReport& report, const SarifOptions& options);

// The artifact location of `file` under `options` ({"uri", "uriBaseId"} or {"uri"} for a file
// outside base_dir), percent-encoded as RFC 3986 asks.
nlohmann::ordered_json SarifArtifactLocation(const std::string& file, const SarifOptions& options);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_SARIF_REPORT_H_
