// The checker's entry points, one per CLI command: check, replay, run, disasm.
//
// Each takes a scenario path and the option settings given on the command line (as name/value
// text, applied after the scenario's own pragmas), and returns data: input errors are in
// ScenarioResult::errors with status kError, never a thrown exception or a crash.
#ifndef LOCKCHECK_CHECKER_CHECK_H_
#define LOCKCHECK_CHECKER_CHECK_H_

#include <string>
#include <utility>
#include <vector>

#include "checker/options.h"
#include "checker/result.h"
#include "checker/swarm.h"

namespace lockcheck {

// An option as text, e.g. {"max-states", "1000"}: what a pragma or a flag says.
using OptionSetting = std::pair<std::string, std::string>;

struct CheckRequest {
  std::string path;
  std::vector<OptionSetting> settings;  // from the command line; override pragmas
  // --path: folders searched for the modules the scenario imports, after its own folder.
  std::vector<std::string> search_path;
  bool stop_on_first = false;
  bool strict = false;  // warnings count as bugs (--strict)
  int jobs = 1;
  double recording_min_states = 20'000;  // CheckOptions'
  uint64_t seed = 1;
  // `--swarm I/N`: the member of a swarm this check is (swarm.h); count 0: none.
  SwarmMember swarm;
  // Watches the search and may stop it (limit "interrupted"); see checker/monitor.h. Not owned.
  SearchMonitor* monitor = nullptr;
  // `--distributed`: the ranks this process searches with (distributed.h). Not owned.
  Transport* transport = nullptr;
};

// Explores every interleaving of the scenario (up to the bounds) and reports each distinct bug
// once, with its shortest counterexample.
ScenarioResult CheckScenario(const CheckRequest& request);

// Re-runs the interleaving named by `token`. On success the result holds exactly one bug (or,
// if the schedule ends without one, no bug and status kPass) whose trace is the replayed one;
// a token that does not fit the scenario is an input error.
ScenarioResult ReplayScenario(const CheckRequest& request, const std::string& token);

// Runs one random interleaving (seeded), like `python3 FILE` would run one. The result's single
// "bug" entry, if any, is what went wrong; `run_trace` gets the steps taken either way.
ScenarioResult RunScenario(const CheckRequest& request, std::vector<TraceStep>* run_trace);

// The bytecode listing of the scenario, or its input errors.
struct DisasmResult {
  std::string listing;
  std::vector<std::string> rendered_errors;
};
DisasmResult DisassembleScenario(const std::string& path,
                                 const std::vector<std::string>& search_path = {});

// The options in force for a check (pragmas, then command-line settings), for the report.
// Errors in settings are returned as input errors by the functions above.

// The status and whether it matched the expectation, from the bugs and the statistics (a
// warning counts only when `strict` or declared): what every check ends with, and a merged
// swarm's result too.
void ConcludeScenario(ScenarioResult& r, bool strict);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_CHECK_H_
