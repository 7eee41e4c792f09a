// The JSON report, "lockcheck-report/1": the versioned document other tools consume.
//
// schema/lockcheck-report-1.schema.json fixes its shape, and a CTest validates real writer
// output against it. Key order is fixed (ordered_json) so the same run gives the same bytes;
// with include_timing=false the timing fields (stats.seconds, stats.peak_memory_bytes) are
// written as 0, so two reports of the same scenarios compare equal byte for byte.
//
// Absent optional strings (a thread's waits_on/held_by, a bug's wait_for, a wait_graph edge's
// held_by, stats.limit) are null, never "", so a consumer tests presence one way. A bug's
// wait_graph, wait_cycle and lock_order are always arrays, empty where they do not apply.
// trace.loop_start is present only on lassos (starvation, livelock, partial deadlock).
#ifndef LOCKCHECK_REPORTS_JSON_REPORT_H_
#define LOCKCHECK_REPORTS_JSON_REPORT_H_

#include <string>

#include "nlohmann/json.hpp"
#include "reports/report.h"

namespace lockcheck {

inline constexpr char kReportSchema[] = "lockcheck-report/1";

nlohmann::ordered_json ReportToJson(const RunReport& report, bool include_timing = true);

// ReportToJson, dumped with 2-space indentation and a final newline. Strings that are not valid
// UTF-8 (a scenario's source is untrusted) have the bad bytes replaced by U+FFFD rather than
// making the dump throw.
std::string RenderJson(const RunReport& report, bool include_timing = true);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_JSON_REPORT_H_
