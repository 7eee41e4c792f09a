// The text report printed on stdout: per scenario a summary line, and per bug its kind,
// message, location, the interleaving step by step, the final state of every thread and the
// replay command. Stable (no colours, no timing unless verbose), so golden tests can pin it.
#ifndef LOCKCHECK_REPORTS_TEXT_REPORT_H_
#define LOCKCHECK_REPORTS_TEXT_REPORT_H_

#include <string>
#include <optional>
#include <vector>

#include "checker/result.h"

namespace lockcheck {

struct TextOptions {
  bool quiet = false;    // one line per scenario
  bool verbose = false;  // statistics for passing scenarios too, and timing
};

std::string RenderText(const ScenarioResult& result, const TextOptions& options);
// "3 scenarios: 2 ok, 1 failed, 0 errors, 0 incomplete"
std::string RenderSummary(const std::vector<ScenarioResult>& results);
// One bug, as RenderText shows it (also used by `lockcheck replay` and `run`).
std::string RenderBug(const Bug& bug, const std::string& file);
// A trace alone (used by `lockcheck run`).
std::string RenderTrace(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_TEXT_REPORT_H_
