// The JUnit XML report (`lockcheck check --junit FILE`), for CI systems that show test results
// (GitLab, Jenkins, Azure Pipelines, GitHub test-report actions).
//
// <testsuites> holds one <testsuite name="lockcheck"> for the run, with the run's options as
// <properties>, and one <testcase> per scenario in the order checked. A testcase's name is the
// scenario's file name without ".py" and its classname the folder, dotted
// (scenarios/corpus/x.py: classname "scenarios.corpus", name "x"; a file in the working
// directory: classname "lockcheck"); `file` is the path as checked. Its verdict, counted as
// the exit status and the text summary count it:
//   * an input error: <error type="input-error" message=FIRST DIAGNOSTIC> holding every
//     diagnostic rendered with its source line and caret;
//   * matched its expectation: passes; when it has bugs (declared ones, warnings that do not
//     count) their text report is its <system-out>;
//   * incomplete: <skipped message="...">: a bound stopped the search with nothing found;
//   * otherwise: <failure type=KIND message=MESSAGE> for the first bug of a kind the scenario
//     does not declare (an error before a warning), or type="expected-bug-not-found" when the
//     failure is a declared kind missing; its text is the scenario's full text report (every
//     bug with trace, final state and replay command, as RenderBug writes it).
// Counts (tests, failures, errors, skipped) are on the suite and on <testsuites>; `time` is the
// search's wall time, or 0 with include_timing=false so that two reports compare byte for byte.
// Scenario text is untrusted: characters XML 1.0 cannot hold (control characters other than
// tab and newline, invalid UTF-8) are written escaped as \xNN or replaced by U+FFFD, never
// copied.
#ifndef LOCKCHECK_REPORTS_JUNIT_REPORT_H_
#define LOCKCHECK_REPORTS_JUNIT_REPORT_H_

#include <string>

#include "reports/report.h"

namespace lockcheck {

struct JunitOptions {
  bool include_timing = true;  // false: every `time` attribute is 0
};

std::string RenderJunit(const RunReport& report, const JunitOptions& options = {});

// "scenarios/corpus/x.py" -> "scenarios.corpus"; "x.py" -> "lockcheck".
std::string JunitClassname(const std::string& file);

// `s` as XML character data (attribute=false) or as an attribute value in double quotes.
std::string XmlEscape(const std::string& s, bool attribute);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_JUNIT_REPORT_H_
