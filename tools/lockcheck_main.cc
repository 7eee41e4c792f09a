// lockcheck: the command line.
//
//   lockcheck check PATH...           check scenarios (files, or folders searched for *.py)
//   lockcheck replay FILE --schedule TOKEN
//   lockcheck run FILE [--seed N]     one random interleaving
//   lockcheck disasm FILE             the bytecode
//
// Exit status: 0 every scenario matched its expectation; 1 a bug or an unmet expectation;
// 2 a usage or input error (the other scenarios are still checked); 3 a search cut short by a
// bound with nothing found (unless --allow-incomplete). When several apply, 2 beats 1 beats 3.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "checker/check.h"
#include "checker/options.h"
#include "reports/json_report.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

constexpr int kExitOk = 0, kExitBug = 1, kExitInput = 2, kExitIncomplete = 3;

std::string Help(absl::string_view name) {
  for (const OptionInfo& o : kOptionTable)
    if (o.name == name) return std::string(o.help);
  return "";
}

// The bounds a user can set, as OptionSettings for the checker (they override pragmas).
struct Bounds {
  std::string max_states, max_depth, time_limit, memory_limit, fairness;

  void Add(CLI::App* app) {
    app->add_option("--max-states", max_states, Help("max-states"));
    app->add_option("--max-depth", max_depth, Help("max-depth"));
    app->add_option("--time-limit", time_limit, Help("time-limit"));
    app->add_option("--memory-limit", memory_limit, Help("memory-limit"));
    app->add_option("--fairness", fairness, Help("fairness"))->check(CLI::IsMember({"weak", "strong"}));
  }
  std::vector<OptionSetting> Settings() const {
    std::vector<OptionSetting> out;
    auto add = [&](const char* name, const std::string& v) {
      if (!v.empty()) out.emplace_back(name, v);
    };
    add("max-states", max_states);
    add("max-depth", max_depth);
    add("time-limit", time_limit);
    add("memory-limit", memory_limit);
    add("fairness", fairness);
    return out;
  }
};

// Files named on the command line, and *.py below folders, in a fixed order.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths,
                                     std::vector<std::string>& usage_errors) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = std::filesystem::recursive_directory_iterator(p, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".py")
          found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) usage_errors.push_back(absl::StrCat(p, ": no *.py scenario in this folder"));
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(p, ec)) {
      files.push_back(p);
    } else {
      usage_errors.push_back(absl::StrCat(p, ": no such file or folder"));
    }
  }
  return files;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

int ExitFor(const std::vector<ScenarioResult>& results, bool allow_incomplete) {
  bool input = false, bug = false, incomplete = false;
  for (const ScenarioResult& r : results) {
    if (r.status == ScenarioStatus::kError) input = true;
    else if (r.status == ScenarioStatus::kIncomplete && !r.matched_expectation) incomplete = true;
    else if (!r.matched_expectation) bug = true;
  }
  if (input) return kExitInput;
  if (bug) return kExitBug;
  if (incomplete && !allow_incomplete) return kExitIncomplete;
  return kExitOk;
}

nlohmann::ordered_json OptionsJson(const Bounds& b, bool stop_on_first, uint64_t seed, int jobs) {
  auto num_or_null = [](const std::string& s) -> nlohmann::ordered_json {
    if (s.empty()) return nullptr;
    return s;
  };
  return nlohmann::ordered_json{{"max_states", num_or_null(b.max_states)},
                                {"max_depth", num_or_null(b.max_depth)},
                                {"time_limit", num_or_null(b.time_limit)},
                                {"memory_limit", num_or_null(b.memory_limit)},
                                {"fairness", b.fairness.empty() ? "weak" : b.fairness},
                                {"stop_on_first", stop_on_first},
                                {"seed", seed},
                                {"jobs", jobs}};
}

int Main(int argc, char** argv) {
  CLI::App app{"lockcheck: a deterministic model checker for Python threading scenarios"};
  app.set_version_flag("--version", std::string("lockcheck ") + LOCKCHECK_VERSION);
  app.require_subcommand(0, 1);
  app.footer(
      "Exit status: 0 every scenario matched its expectation; 1 a bug or an unmet expectation;\n"
      "2 a usage or input error; 3 a search cut short by a bound with nothing found.\n"
      "When several apply: 2, then 1, then 3.");

  // check
  CLI::App* check = app.add_subcommand("check", "check scenarios: every interleaving, every bug");
  std::vector<std::string> paths;
  std::string json_path, sarif_path, junit_path;
  Bounds bounds;
  bool stop_on_first = false, quiet = false, verbose = false, allow_incomplete = false;
  uint64_t seed = 1;
  int jobs = 1;
  check->add_option("paths", paths, "scenario files, or folders searched for *.py")->required();
  check->add_option("--json", json_path, "write the JSON report (lockcheck-report/1) to FILE");
  check->add_option("--sarif", sarif_path, "write a SARIF report to FILE (not yet supported)");
  check->add_option("--junit", junit_path, "write a JUnit XML report to FILE (not yet supported)");
  bounds.Add(check);
  check->add_option("--jobs", jobs, "worker threads (the report does not depend on it)")
      ->check(CLI::Range(1, 256));
  check->add_option("--seed", seed, "seed for randomised strategies");
  check->add_flag("--stop-on-first", stop_on_first, "stop each scenario at its first bug");
  check->add_flag("-q,--quiet", quiet, "one line per scenario");
  check->add_flag("-v,--verbose", verbose, "statistics and timing for every scenario");
  check->add_flag("--allow-incomplete", allow_incomplete,
                  "exit 0, not 3, when a bound cut a search that found nothing");

  // replay
  CLI::App* replay = app.add_subcommand("replay", "re-run the interleaving a bug report names");
  std::string replay_file, token, replay_json;
  replay->add_option("file", replay_file, "the scenario")->required();
  replay->add_option("--schedule", token, "the replay token of a bug (lc1:...)")->required();
  replay->add_option("--json", replay_json, "write the replayed bug as a JSON report to FILE");

  // run
  CLI::App* run = app.add_subcommand("run", "run one random interleaving, like python3 FILE");
  std::string run_file;
  uint64_t run_seed = 1;
  run->add_option("file", run_file, "the scenario")->required();
  run->add_option("--seed", run_seed, "which interleaving (the same seed gives the same run)");

  // disasm
  CLI::App* disasm = app.add_subcommand("disasm", "print the scenario's bytecode");
  std::string disasm_file;
  disasm->add_option("file", disasm_file, "the scenario")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitInput;
  }

  if (*check) {
    if (!sarif_path.empty() || !junit_path.empty()) {
      std::cerr << "lockcheck: --sarif and --junit are not supported yet\n";
      return kExitInput;
    }
    std::vector<std::string> usage_errors;
    std::vector<std::string> files = ExpandPaths(paths, usage_errors);
    for (const std::string& e : usage_errors) std::cerr << "lockcheck: " << e << "\n";
    bool progress = !quiet && isatty(STDERR_FILENO) && files.size() > 1;
    RunReport report;
    report.version = LOCKCHECK_VERSION;
    report.options = OptionsJson(bounds, stop_on_first, seed, jobs);
    TextOptions text{quiet, verbose};
    for (size_t i = 0; i < files.size(); ++i) {
      if (progress) std::cerr << "\r\033[K[" << i + 1 << "/" << files.size() << "] checking " << files[i] << std::flush;
      CheckRequest request;
      request.path = files[i];
      request.settings = bounds.Settings();
      request.stop_on_first = stop_on_first;
      request.seed = seed;
      request.jobs = jobs;
      ScenarioResult result = CheckScenario(request);
      if (progress) std::cerr << "\r\033[K" << std::flush;
      std::cout << RenderText(result, text) << std::flush;
      report.scenarios.push_back(std::move(result));
    }
    if (files.size() > 1 || !usage_errors.empty()) std::cout << RenderSummary(report.scenarios);
    if (!json_path.empty() && !WriteFile(json_path, RenderJson(report))) {
      std::cerr << "lockcheck: cannot write " << json_path << "\n";
      return kExitInput;
    }
    int code = ExitFor(report.scenarios, allow_incomplete);
    return usage_errors.empty() ? code : kExitInput;
  }

  if (*replay) {
    CheckRequest request;
    request.path = replay_file;
    ScenarioResult result = ReplayScenario(request, token);
    if (result.status == ScenarioStatus::kError) {
      std::cout << RenderText(result, TextOptions{});
      return kExitInput;
    }
    std::cout << "replayed " << replay_file << " (" << result.stats.transitions << " steps)\n";
    if (result.bugs.empty()) std::cout << "the schedule ran without a bug\n";
    for (const Bug& b : result.bugs) std::cout << "\n" << RenderBug(b, replay_file);
    if (!replay_json.empty()) {
      RunReport report;
      report.version = LOCKCHECK_VERSION;
      report.options = nlohmann::ordered_json{{"schedule", token}};
      report.scenarios.push_back(result);
      if (!WriteFile(replay_json, RenderJson(report))) return kExitInput;
    }
    return result.bugs.empty() ? kExitOk : kExitBug;
  }

  if (*run) {
    CheckRequest request;
    request.path = run_file;
    request.seed = run_seed;
    std::vector<TraceStep> trace;
    ScenarioResult result = RunScenario(request, &trace);
    if (result.status == ScenarioStatus::kError) {
      std::cout << RenderText(result, TextOptions{});
      return kExitInput;
    }
    std::cout << RenderTrace(trace, std::nullopt);
    for (const Bug& b : result.bugs) std::cout << "\n" << RenderBug(b, run_file);
    return result.bugs.empty() ? kExitOk : kExitBug;
  }

  if (*disasm) {
    DisasmResult d = DisassembleScenario(disasm_file);
    if (!d.rendered_errors.empty()) {
      for (const std::string& e : d.rendered_errors) std::cout << e;
      return kExitInput;
    }
    std::cout << d.listing;
    return kExitOk;
  }

  std::cout << app.help();
  return kExitInput;
}

}  // namespace
}  // namespace lockcheck

int main(int argc, char** argv) { return lockcheck::Main(argc, argv); }
