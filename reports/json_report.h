// The JSON report ("lockcheck-report/1"), whose shape schema/lockcheck-report-1.schema.json
// fixes. Key order is fixed, so the same run gives the same bytes; with include_timing=false the
// timing fields (seconds, peak_memory_bytes) are written as 0, so two reports compare equal.
#ifndef LOCKCHECK_REPORTS_JSON_REPORT_H_
#define LOCKCHECK_REPORTS_JSON_REPORT_H_

#include <string>

#include "nlohmann/json.hpp"
#include "reports/report.h"

namespace lockcheck {

inline constexpr char kReportSchema[] = "lockcheck-report/1";

nlohmann::ordered_json ReportToJson(const RunReport& report, bool include_timing = true);
// 2-space indentation and a final newline.
std::string RenderJson(const RunReport& report, bool include_timing = true);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_JSON_REPORT_H_
