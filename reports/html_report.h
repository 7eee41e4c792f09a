// Swimlane pages (`lockcheck check --html DIR`): one self-contained HTML page per scenario with
// findings, and an index of every scenario checked.
//
// A page draws each bug's counterexample as lanes, one column per thread, one row per step:
// the step's operation and outcome in its thread's lane; a bar along the lane for each lock the
// thread holds, from the step that acquired it to the step that released it (or to the end),
// from TraceStep::holds; the time a thread spends blocked shaded, from the step after which it
// could not run to the step that let it go (or to the end), from TraceStep::blocked; a last
// row with each thread's final state (for a lock-order warning, the lock a thread goes for
// while holding another). A deadlock's wait-for cycle (its lanes and their waits)
// and a lasso's loop (the rows from loop_start on) are marked. Hovering a step shows its source
// line (every step's title has it, so this works without script); clicking one pins a panel
// with the source around it, its output and the locks held. Below the lanes: the final state
// with stacks, the wait-for graph and cycle, the lock-order cycle, and the replay command.
//
// Self-contained: inline CSS and script, no external file, no network. Everything from the
// scenario (source, names, outcomes, output) is untrusted: text and attributes are escaped, and
// data for the script is JSON in a <script type="application/json"> block with '<', '>' and '&'
// written as \u escapes, read with JSON.parse and put on the page as text, never as markup.
// Bytes that are not UTF-8 show as U+FFFD and control characters as \xNN (as the text report
// shows them), so the same result gives the same bytes.
//
// Long traces: the DOM grows linearly, one row element per step plus one element per lock
// holding and per blocked stretch, never steps x threads cells; rows have a fixed height and
// absolute positions, so nothing is laid out against anything else, and they come in blocks of
// kRowsPerBlock with `content-visibility: auto`, so the browser lays out and paints only the
// blocks in view. The lanes scroll inside their own box with the thread names kept on top.
//
// The page's script marks the document when it has laid the lanes out: <html data-laid-out=N>
// with N the number of lanes on the page (the sum over its bugs; <body data-lanes> says how
// many there should be), which a headless browser test reads from the DOM.
#ifndef LOCKCHECK_REPORTS_HTML_REPORT_H_
#define LOCKCHECK_REPORTS_HTML_REPORT_H_

#include <string>
#include <vector>

#include "checker/result.h"
#include "reports/report.h"

namespace lockcheck {

inline constexpr int kRowsPerBlock = 128;

// The page of one scenario. `source_lines` are the scenario's lines (line 1 first), shown for
// each step; empty when the file could not be read (the page says so).
std::string RenderHtmlPage(const ScenarioResult& result,
                           const std::vector<std::string>& source_lines);

// The index: every scenario of the run in order, with its verdict, what it found and a link to
// its page. `pages[i]` is the page file name of report.scenarios[i] (relative to the index),
// or "" when it has none (no findings).
std::string RenderHtmlIndex(const RunReport& report, const std::vector<std::string>& pages);

// Whether a scenario gets a page: it has at least one finding.
bool HasHtmlPage(const ScenarioResult& result);

// The page's file name for a scenario path, "scenarios--corpus--deadlock.py.html": the whole
// path (made lexically normal), so scenarios of the same base name in different folders get
// different pages. Letters, digits, '.' and '_' stay; '/' becomes "--" and any other byte
// "-XX" (hex), so different paths never share a name; never "index.html". A name that would
// pass 200 bytes keeps its last 160 and a hash of the whole path.
std::string HtmlPageName(const std::string& scenario_path);

// Splits a scenario's text into lines for RenderHtmlPage (without their line ends).
std::vector<std::string> SourceLines(const std::string& text);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_HTML_REPORT_H_
