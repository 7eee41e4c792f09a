// RunReport: everything one `lockcheck check` (or `replay`) run reports, as the writers see it.
#ifndef LOCKCHECK_REPORTS_REPORT_H_
#define LOCKCHECK_REPORTS_REPORT_H_

#include <string>
#include <vector>

#include "checker/result.h"
#include "nlohmann/json.hpp"

namespace lockcheck {

struct RunReport {
  std::string tool = "lockcheck";
  std::string version;  // LOCKCHECK_VERSION
  // The options in force, filled by the CLI. ordered_json rather than json so the CLI's own
  // key order (the order of its flags) reaches the report; a plain nlohmann::json assigns to
  // it too. Null is written as {}.
  nlohmann::ordered_json options = nlohmann::ordered_json::object();
  std::vector<ScenarioResult> scenarios;  // in the order they were checked
};

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_REPORT_H_
