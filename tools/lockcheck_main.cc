// lockcheck: the command line (DESIGN.md §6).
//
//   lockcheck check PATH...                 check scenarios (files, or folders searched for *.py)
//   lockcheck replay FILE --schedule TOKEN  re-run the interleaving of a reported bug
//   lockcheck run FILE [--seed N]           one random interleaving, like python3 FILE
//   lockcheck disasm FILE                   the bytecode
//
// This file only parses flags, expands paths, calls checker/check.h and prints what
// reports/ renders. The bound flags come from kOptionTable (checker/options.h), the same table
// the pragmas use; they reach the checker as text settings applied after the pragmas, and a
// value SetOption would refuse is refused here already, as a usage error.
//
// Exit status of `check`: 0 every scenario matched its expectation; 1 a bug or an unmet
// expectation; 2 a usage or input error (the other scenarios are still checked); 3 a search cut
// short by a bound with nothing found (unless --allow-incomplete). When several apply, 2 beats 1
// beats 3: an input error means a verdict is missing altogether, so it is the most urgent.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "checker/check.h"
#include "checker/options.h"
#include "reports/json_report.h"
#include "reports/report.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

constexpr int kExitOk = 0, kExitBug = 1, kExitUsage = 2, kExitIncomplete = 3;

constexpr char kCheckExitHelp[] =
    "Exit status: 0 every scenario matched its expectation; 1 a bug or an unmet expectation;\n"
    "2 a usage or input error (the other scenarios are still checked); 3 a search cut short\n"
    "by a bound with nothing found (0 with --allow-incomplete). When several apply,\n"
    "2 beats 1 beats 3: an input error is the most urgent.";
constexpr char kReplayExitHelp[] =
    "Exit status: 1 the schedule shows a bug; 0 it runs without one; 2 a bad token or an\n"
    "input error.";
constexpr char kRunExitHelp[] =
    "Exit status: 1 the run hit a bug; 0 it finished without one; 2 an input error;\n"
    "3 it was cut off (too many steps) without a bug.";
constexpr char kDisasmExitHelp[] = "Exit status: 0 the listing was printed; 2 an input error.";

// The metavariable a flag's help shows for a kOptionTable entry.
std::string ValueName(absl::string_view option) {
  if (option == "time-limit") return "SECONDS";
  if (option == "memory-limit") return "MIB";
  if (option == "fairness") return "weak|strong";
  if (option == "cycles" || option == "reduction") return "on|off";
  if (option == "strategy") return "dfs|bounded|pct|random";
  return "N";
}

// The option flags (one per kOptionTable entry), as the user typed them.
struct OptionFlags {
  struct Flag {
    std::string name;  // kOptionTable name, e.g. "max-states"
    std::string value;
    CLI::Option* option = nullptr;
  };
  std::vector<Flag> flags;

  void Add(CLI::App* app) {
    flags.reserve(std::size(kOptionTable));  // the options keep pointers into it
    for (const OptionInfo& info : kOptionTable) {
      Flag& f = flags.emplace_back();
      f.name = std::string(info.name);
      std::string name = f.name;
      // The checker's own parser decides what a valid value is.
      CLI::Validator valid(
          [name](std::string& value) {
            CheckOptions scratch;
            absl::Status s = SetOption(scratch, name, value);
            return s.ok() ? std::string() : std::string(s.message());
          },
          "", "");
      f.option = app->add_option("--" + f.name, f.value, std::string(info.help))
                     ->type_name(ValueName(info.name))
                     ->check(valid);
    }
  }

  // The flags given, for CheckRequest::settings (the checker applies them after the pragmas).
  std::vector<OptionSetting> Settings() const {
    std::vector<OptionSetting> out;
    for (const Flag& f : flags)
      if (f.option->count() > 0) out.emplace_back(f.name, f.value);
    return out;
  }

  // For the report: every option as `max_states: 1000`, numbers as numbers, and null for the
  // ones not given (the scenario's pragma, or the default, applies).
  void AddTo(nlohmann::ordered_json& json) const {
    for (const Flag& f : flags) {
      std::string key = absl::StrReplaceAll(f.name, {{"-", "_"}});
      uint64_t whole;
      double real;
      if (f.option->count() == 0) json[key] = nullptr;
      else if (absl::SimpleAtoi(f.value, &whole)) json[key] = whole;
      else if (absl::SimpleAtod(f.value, &real)) json[key] = real;
      else json[key] = f.value;
    }
  }
};

// Files named on the command line as given, and the *.py files below folders sorted by path,
// each file once. A path that does not exist, or a folder without a scenario, is a usage error;
// the other paths are still checked.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths,
                                     std::vector<std::string>& usage_errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::set<std::string> seen;
  auto add = [&](const fs::path& p) {
    if (seen.insert(p.lexically_normal().string()).second) files.push_back(p.string());
  };
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      fs::recursive_directory_iterator it(p, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::error_code file_ec;
        if (it->path().extension() == ".py" && it->is_regular_file(file_ec)) found.push_back(it->path());
      }
      if (ec) usage_errors.push_back(absl::StrCat(p, ": cannot list the folder: ", ec.message()));
      std::sort(found.begin(), found.end());
      if (found.empty() && !ec) usage_errors.push_back(absl::StrCat(p, ": no *.py file in this folder"));
      for (const fs::path& f : found) add(f);
    } else if (fs::exists(p, ec)) {
      add(p);
    } else {
      usage_errors.push_back(absl::StrCat(p, ": no such file or folder"));
    }
  }
  return files;
}

// One line on stderr, redrawn in place and erased when done; only on a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {
    struct winsize ws;
    if (enabled_ && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) width_ = ws.ws_col;
  }
  void Show(size_t done, size_t total, const std::string& file) {
    if (!enabled_) return;
    std::string line = absl::StrCat("[", done, "/", total, "] checking ", file);
    // A line that wrapped could not be erased with \r: keep it within the terminal.
    if (line.size() >= width_) line.resize(width_ - 1);
    std::cerr << "\r\033[K" << line << std::flush;
  }
  void Clear() {
    if (enabled_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  bool enabled_;
  size_t width_ = 80;
};

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

// Fail before a long search, not after it, when a report cannot be written.
bool CanWrite(const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  return static_cast<bool>(out);
}

int ExitStatus(const std::vector<ScenarioResult>& results, bool allow_incomplete) {
  bool input = false, bug = false, incomplete = false;
  for (const ScenarioResult& r : results) {
    if (r.status == ScenarioStatus::kError) input = true;
    else if (r.matched_expectation) continue;
    else if (r.status == ScenarioStatus::kIncomplete) incomplete = true;
    else bug = true;
  }
  if (input) return kExitUsage;
  if (bug) return kExitBug;
  if (incomplete && !allow_incomplete) return kExitIncomplete;
  return kExitOk;
}

struct CheckFlags {
  std::vector<std::string> paths;
  std::string json, sarif, junit;
  OptionFlags options;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  uint64_t seed = 1;
  bool stop_on_first = false, quiet = false, verbose = false, allow_incomplete = false;
  bool strict = false;
  std::string trace = "short";
};

int CheckCommand(const CheckFlags& flags) {
  if (!flags.sarif.empty() || !flags.junit.empty()) {
    std::cerr << "lockcheck: " << (flags.sarif.empty() ? "--junit" : "--sarif")
              << " is not yet supported\n";
    return kExitUsage;
  }
  if (!flags.json.empty() && !CanWrite(flags.json)) {
    std::cerr << "lockcheck: cannot write " << flags.json << "\n";
    return kExitUsage;
  }
  std::vector<std::string> usage_errors;
  std::vector<std::string> files = ExpandPaths(flags.paths, usage_errors);
  for (const std::string& e : usage_errors) std::cerr << "lockcheck: " << e << "\n";

  RunReport report;
  report.version = LOCKCHECK_VERSION;
  flags.options.AddTo(report.options);
  report.options["stop_on_first"] = flags.stop_on_first;
  report.options["seed"] = flags.seed;
  report.options["jobs"] = flags.jobs;
  report.options["strict"] = flags.strict;

  Progress progress(!flags.quiet && isatty(STDERR_FILENO));
  const TextOptions text{flags.quiet, flags.verbose, flags.trace == "full"};
  for (size_t i = 0; i < files.size(); ++i) {
    progress.Show(i + 1, files.size(), files[i]);
    CheckRequest request;
    request.path = files[i];
    request.settings = flags.options.Settings();
    request.stop_on_first = flags.stop_on_first;
    request.jobs = flags.jobs;
    request.strict = flags.strict;
    request.seed = flags.seed;
    ScenarioResult result = CheckScenario(request);
    progress.Clear();
    std::cout << RenderText(result, text) << std::flush;
    report.scenarios.push_back(std::move(result));
  }
  std::cout << RenderSummary(report.scenarios) << std::flush;

  int status = ExitStatus(report.scenarios, flags.allow_incomplete);
  if (!usage_errors.empty()) status = kExitUsage;
  if (!flags.json.empty() && !WriteFile(flags.json, RenderJson(report))) {
    std::cerr << "lockcheck: cannot write " << flags.json << "\n";
    status = kExitUsage;
  }
  return status;
}

int ReplayCommand(const std::string& file, const std::string& token, const std::string& json,
                  const TextOptions& text) {
  if (!json.empty() && !CanWrite(json)) {
    std::cerr << "lockcheck: cannot write " << json << "\n";
    return kExitUsage;
  }
  CheckRequest request;
  request.path = file;
  ScenarioResult result = ReplayScenario(request, token);
  if (result.status == ScenarioStatus::kError) {
    std::cout << RenderText(result, TextOptions{});
  } else {
    const Bug* lasso = result.bugs.size() == 1 && result.bugs[0].loop_start ? &result.bugs[0]
                                                                             : nullptr;
    if (lasso != nullptr) {
      size_t prefix = static_cast<size_t>(*lasso->loop_start);
      size_t cycle = lasso->trace.size() - prefix;
      std::cout << file << ": replayed the prefix (" << prefix << (prefix == 1 ? " step" : " steps")
                << ") and one turn of the cycle (" << cycle << (cycle == 1 ? " step" : " steps")
                << "), which comes back to the state where it began, so it can repeat forever\n";
    } else {
      std::cout << file << ": replayed; "
                << (result.bugs.empty() ? "the schedule runs without a bug"
                                        : absl::StrCat("the schedule shows ",
                                                       result.bugs.size() == 1 ? "a bug" : "bugs"))
                << "\n";
    }
    for (const Bug& b : result.bugs) std::cout << "\n" << RenderBug(b, file, text);
  }
  if (!json.empty()) {
    RunReport report;
    report.version = LOCKCHECK_VERSION;
    report.options = nlohmann::ordered_json{{"schedule", token}};
    report.scenarios.push_back(result);
    if (!WriteFile(json, RenderJson(report))) {
      std::cerr << "lockcheck: cannot write " << json << "\n";
      return kExitUsage;
    }
  }
  if (result.status == ScenarioStatus::kError) return kExitUsage;
  return result.bugs.empty() ? kExitOk : kExitBug;
}

int RunCommand(const std::string& file, uint64_t seed) {
  CheckRequest request;
  request.path = file;
  request.seed = seed;
  std::vector<TraceStep> trace;
  ScenarioResult result = RunScenario(request, &trace);
  if (result.status == ScenarioStatus::kError) {
    std::cout << RenderText(result, TextOptions{});
    return kExitUsage;
  }
  std::cout << RenderTrace(trace, std::nullopt);
  std::string steps = absl::StrCat(trace.size(), trace.size() == 1 ? " step" : " steps");
  if (!result.bugs.empty()) {
    std::cout << "\nthe run (seed " << seed << ", " << steps << ") hit "
              << (result.bugs.size() == 1 ? "a bug" : absl::StrCat(result.bugs.size(), " bugs"))
              << ":\n";
    // The steps are printed above; each bug's trace is a prefix of them.
    for (Bug b : result.bugs) {
      b.trace.clear();
      std::cout << "\n" << RenderBug(b, file);
    }
    return kExitBug;
  }
  if (!result.stats.complete) {
    std::cout << "\nthe run (seed " << seed << ") was stopped after " << steps
              << " without finishing or hitting a bug\n";
    return kExitIncomplete;
  }
  std::cout << "\nthe run (seed " << seed << ", " << steps << ") finished without a bug\n";
  return kExitOk;
}

int DisasmCommand(const std::string& file) {
  DisasmResult d = DisassembleScenario(file);
  if (!d.rendered_errors.empty()) {
    for (const std::string& e : d.rendered_errors) {
      std::cerr << e;
      if (!e.empty() && e.back() != '\n') std::cerr << "\n";
    }
    return kExitUsage;
  }
  std::cout << d.listing;
  return kExitOk;
}

// --trace, for check and replay (TextOptions::full_trace).
constexpr const char* kTraceHelp =
    "full: every step of a bug's trace; short (default): set-up and repeated loop turns folded";

int Main(int argc, char** argv) {
  const CLI::Validator trace_forms = CLI::IsMember({"full", "short"}).description("");
  CLI::App app{"lockcheck: a deterministic model checker for Python threading scenarios",
               "lockcheck"};
  app.set_version_flag("--version", absl::StrCat("lockcheck ", LOCKCHECK_VERSION));
  app.require_subcommand(0, 1);
  app.footer(kCheckExitHelp);

  CheckFlags cf;
  CLI::App* check = app.add_subcommand("check", "explore every interleaving; report each bug once");
  check->footer(kCheckExitHelp);
  check->add_option("PATH", cf.paths, "scenario files, or folders searched for *.py")
      ->type_name("")
      ->required();
  check->add_option("--json", cf.json, "write the JSON report (lockcheck-report/1) to FILE")
      ->type_name("FILE");
  check->add_option("--sarif", cf.sarif, "write a SARIF report (not yet supported)")->type_name("FILE");
  check->add_option("--junit", cf.junit, "write a JUnit XML report (not yet supported)")->type_name("FILE");
  cf.options.Add(check);
  check->add_option("--jobs", cf.jobs, "search threads (default: the machine's cores; the report does not depend on it)")
      ->type_name("N")
      ->check(CLI::Range(1, 1024).description(""));
  check->add_option("--seed", cf.seed, "seed for randomised strategies (default 1)")->type_name("N");
  check->add_flag("--stop-on-first", cf.stop_on_first, "stop each scenario's search at its first bug");
  check->add_flag("--strict", cf.strict,
                  "warnings (lock-order) fail a scenario that does not declare them");
  check->add_flag("-q,--quiet", cf.quiet, "one line per scenario, no progress display");
  check->add_flag("-v,--verbose", cf.verbose, "statistics, timing and memory for every scenario");
  check->add_flag("--allow-incomplete", cf.allow_incomplete,
                  "exit 0, not 3, when a bound cut a search that found nothing");
  check->add_option("--trace", cf.trace, kTraceHelp)
      ->type_name("full|short")
      ->check(trace_forms);

  std::string replay_file, token, replay_json;
  CLI::App* replay = app.add_subcommand("replay", "re-run the interleaving of a reported bug");
  replay->footer(kReplayExitHelp);
  replay->add_option("FILE", replay_file, "the scenario")->type_name("")->required();
  replay->add_option("--schedule", token, "the bug's replay token (lc1:...)")
      ->type_name("TOKEN")
      ->required();
  replay->add_option("--json", replay_json, "also write the result as a JSON report to FILE")
      ->type_name("FILE");
  std::string replay_trace = "short";
  replay->add_option("--trace", replay_trace, kTraceHelp)
      ->type_name("full|short")
      ->check(trace_forms);

  std::string run_file;
  uint64_t run_seed = 1;
  CLI::App* run = app.add_subcommand("run", "run one random interleaving, like python3 FILE");
  run->footer(kRunExitHelp);
  run->add_option("FILE", run_file, "the scenario")->type_name("")->required();
  run->add_option("--seed", run_seed, "which interleaving (default 1; same seed, same run)")
      ->type_name("N");

  std::string disasm_file;
  CLI::App* disasm = app.add_subcommand("disasm", "print the scenario's bytecode");
  disasm->footer(kDisasmExitHelp);
  disasm->add_option("FILE", disasm_file, "the scenario")->type_name("")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here too, with status 0.
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (*check) return CheckCommand(cf);
  if (*replay) {
    return ReplayCommand(replay_file, token, replay_json,
                         TextOptions{.full_trace = replay_trace == "full"});
  }
  if (*run) return RunCommand(run_file, run_seed);
  if (*disasm) return DisasmCommand(disasm_file);
  std::cout << app.help();
  return kExitUsage;
}

}  // namespace
}  // namespace lockcheck

int main(int argc, char** argv) { return lockcheck::Main(argc, argv); }
