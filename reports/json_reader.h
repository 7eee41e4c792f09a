// Reading a saved JSON report ("lockcheck-report/1") back into the result model, for
// `lockcheck merge` (sharded CI jobs) and `lockcheck explain` (one bug's text from a report).
//
// The reader is the writer's inverse: ReadJsonReport(RenderJson(r)) renders to the same bytes
// (json_reader_test pins it for every fixture). It is strict about what it needs (a field of
// the wrong type, a missing one, another schema version are errors naming the JSON path) and
// ignores fields it does not know, as the schema's versioning rule asks of consumers: a report
// written by a later lockcheck with added fields still reads. Rendered error text (the caret
// lines) is not in the report; it is rebuilt without the source line.
#ifndef LOCKCHECK_REPORTS_JSON_READER_H_
#define LOCKCHECK_REPORTS_JSON_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/report.h"

namespace lockcheck {

// `origin` names the document in error messages (e.g. its file name).
absl::StatusOr<RunReport> ReadJsonReport(absl::string_view text, absl::string_view origin);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_JSON_READER_H_
