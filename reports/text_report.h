// The text report printed on stdout: per scenario one summary line, then (unless quiet) the
// statistics and, per bug, its kind and message, location, the interleaving step by step, the
// final state of every thread, the wait-for graph and its cycle (deadlocks), the lock-order
// cycle (lock-order warnings) and the exact replay command.
//
// The text is stable: no colour codes, no timing unless verbose, and every column width
// computed from the content it aligns, so golden tests pin it and two runs diff clean.
// reports/text_report_test.cc shows the full layout of each case.
#ifndef LOCKCHECK_REPORTS_TEXT_REPORT_H_
#define LOCKCHECK_REPORTS_TEXT_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/result.h"

namespace lockcheck {

struct TextOptions {
  bool quiet = false;    // the summary line of each scenario, and RenderFindingLines
  bool verbose = false;  // statistics for passing scenarios too, plus timing and memory
};

// One scenario: "FILE: ok (...)", "FILE: FAIL (...)", "FILE: ERROR (...)" or
// "FILE: INCOMPLETE (...)", then the details the options ask for.
std::string RenderText(const ScenarioResult& result, const TextOptions& options);

// What --quiet keeps of a scenario besides its summary line: for one that did not match its
// expectation, a line per bug, "file:line:col: deadlock: message", and for an input error the
// diagnostic's "file:line:col: error: message" line, so that editors and CI logs can jump to it.
// Nothing for a scenario that matched (its expected bugs are not news).
std::string RenderFindingLines(const ScenarioResult& result);

// "3 scenarios: 2 ok, 1 failed, 0 errors, 0 incomplete", counted as the exit status counts:
// error status first, then matched expectation (ok), then incomplete, then failed.
std::string RenderSummary(const std::vector<ScenarioResult>& results);

// One bug as RenderText shows it (also used by `lockcheck replay` and `run`). `file` is the
// scenario path the replay command should name.
std::string RenderBug(const Bug& bug, const std::string& file);

// "lockcheck replay FILE --schedule TOKEN", each word quoted for a POSIX shell where it needs it
// (tokens hold '!', '{' and '}'): the command RenderBug ends with, for the other writers.
std::string ReplayCommandLine(const std::string& file, const std::string& token);

// A trace alone, one line per step, numbered from 1 (also used by `lockcheck run`). With
// loop_start (a 0-based step index), the steps from it on are the cycle of a lasso: a line
// "-- the next N steps repeat forever --" comes before the first of them and
// "-- (back to step K; the cycle repeats) --" after the last, K being loop_start + 1.
std::string RenderTrace(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_TEXT_REPORT_H_
