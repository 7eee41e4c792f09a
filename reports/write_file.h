// Writing a report file whole: every writer's files (JSON, SARIF, JUnit, the HTML pages) go
// through WriteWhole, so no reader ever sees half a report.
#ifndef LOCKCHECK_REPORTS_WRITE_FILE_H_
#define LOCKCHECK_REPORTS_WRITE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace lockcheck {

// Writes `text` to a temporary file in `path`'s folder and renames it over `path`, so that a
// reader never sees a half-written report and an interrupted run leaves the old file, or none.
// "-" writes to standard output.
absl::Status WriteWhole(const std::string& path, absl::string_view text);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_WRITE_FILE_H_
