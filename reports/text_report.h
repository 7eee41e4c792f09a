// The text report printed on stdout: per scenario one summary line, then (unless quiet) the
// statistics and, per bug, its kind and message, location, the interleaving step by step
// (folded unless TextOptions::full_trace, with the decisive steps marked and explained), the
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
  // `--trace full`: every step of a bug's trace on its own line. The default (`--trace
  // short`) folds the main thread's set-up and repeated loop turns (see RenderTrace).
  bool full_trace = false;
  // The scenario's profile, which a replay command line must repeat (RenderText sets it).
  std::string profile = "language";
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
std::string RenderBug(const Bug& bug, const std::string& file, const TextOptions& options = {});

// "lockcheck replay FILE --schedule TOKEN", each word quoted for a POSIX shell where it needs it
// (tokens hold '!', '{' and '}'), and "--profile P" unless P is the default: the command
// RenderBug ends with, for the other writers.
std::string ReplayCommandLine(const std::string& file, const std::string& token,
                              absl::string_view profile = "language");

// A trace alone, one line per step, numbered from 1 (also used by `lockcheck run`). With
// loop_start (a 0-based step index), the steps from it on are the cycle of a lasso: a line
// "-- the next N steps repeat forever --" comes before the first of them and
// "-- (back to step K; the cycle repeats) --" after the last, K being loop_start + 1.
// Decisive steps (TraceStep::decisive) are marked with a "*" in the left margin.
//
// With `fold` (the short form), two kinds of run take fewer lines, and every step keeps the
// number it has in the full form:
//   * The main thread's set-up, its steps before it starts the first thread, becomes one line
//     "1-6  MainThread  (set-up)  lines 1-17  6 steps: wrote counter, threads, t", naming the
//     globals and containers written. A set-up step that matters stays on its own line and
//     splits the fold: a decisive step, a step that printed, a step that raised.
//   * A block of steps that repeats at least three times in a row (one thread's loop body,
//     or several threads taking turns) shows its first turn, then
//     "... the same 2 steps x 99,998 more times (steps 13-200008)", then its last turn (when
//     the run ends inside a turn, the line adds ", then the first K of them again" and the
//     last 2 steps of the run are shown). Steps are the same when their thread, operation,
//     line, column and access are, and their outcomes differ at most in their numbers
//     ("read 5" and "read 6", "joined Thread-2" and "joined Thread-3"; not "read 5" and
//     "raised ..."), so a loop over the threads joining each folds too. A step that matters
//     never repeats, and a lasso's cycle is folded apart from its prefix.
std::string RenderTrace(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start,
                        bool fold = false);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_TEXT_REPORT_H_
