// Writing `lockcheck check --html DIR`: a page per scenario with findings (html_report.h), named
// by HtmlPageName, and DIR/index.html listing every scenario. The files are the only thing here
// that touches the disk; the pages themselves are rendered from the result alone.
#ifndef LOCKCHECK_REPORTS_HTML_PAGES_H_
#define LOCKCHECK_REPORTS_HTML_PAGES_H_

#include <string>

#include "absl/status/status.h"
#include "reports/report.h"

namespace lockcheck {

// Before the search: creates `dir` (and its parents) when missing. An error when `dir` exists
// and is not a folder (a regular file is never replaced), or cannot be created.
absl::Status PrepareHtmlDir(const std::string& dir);

// After it: reads each scenario's source (a page says so when it cannot), writes the pages and
// then index.html. The first file that cannot be written is the error; nothing is left half
// written silently.
absl::Status WriteHtmlReport(const RunReport& report, const std::string& dir);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_HTML_PAGES_H_
