// RunReport: everything one `lockcheck check` run reports, for the writers.
#ifndef LOCKCHECK_REPORTS_REPORT_H_
#define LOCKCHECK_REPORTS_REPORT_H_

#include <string>
#include <vector>

#include "checker/result.h"
#include "nlohmann/json.hpp"

namespace lockcheck {

struct RunReport {
  std::string tool = "lockcheck";
  std::string version;
  nlohmann::ordered_json options = nlohmann::ordered_json::object();  // the options in force
  std::vector<ScenarioResult> scenarios;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_REPORT_H_
