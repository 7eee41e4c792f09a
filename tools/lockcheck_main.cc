// lockcheck: the command line (DESIGN.md §7).
//
//   lockcheck check PATH...                 check scenarios (files, or folders searched for *.py)
//   lockcheck replay FILE --schedule TOKEN  re-run the interleaving of a reported bug
//   lockcheck run FILE [--seed N]           one random interleaving, like python3 FILE
//   lockcheck disasm FILE                   the bytecode
//   lockcheck merge REPORT.json...          one report from several (sharded CI jobs)
//   lockcheck explain REPORT.json [--bug ID]  a saved report's bugs, or one bug's text
//
// This file only parses flags, expands paths, calls checker/check.h and prints what
// reports/ renders; tools/cli/ has the output files, the progress display and interruption,
// and the "did you mean" suggestions. The bound flags come from kOptionTable (checker/options.h), the same table
// the pragmas use; they reach the checker as text settings applied after the pragmas, and a
// value SetOption would refuse is refused here already, as a usage error.
//
// Exit status of `check`: 0 every scenario matched its expectation; 1 a bug or an unmet
// expectation; 2 a usage or input error (the other scenarios are still checked); 3 a search cut
// short by a bound with nothing found (unless --allow-incomplete). When several apply, 2 beats 1
// beats 3: an input error means a verdict is missing altogether, so it is the most urgent.
// A run stopped by SIGINT or SIGTERM exits 130 or 143 (128 + the signal, as a shell reports a
// killed command) after writing its reports.
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <fstream>
#include <iostream>
#include <numeric>
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
#include "checker/hashing.h"
#include "checker/swarm.h"
#include "checker/transport.h"
#include "reports/github_annotations.h"
#include "reports/html_pages.h"
#include "reports/json_reader.h"
#include "reports/json_report.h"
#include "reports/junit_report.h"
#include "reports/report.h"
#include "reports/sarif_report.h"
#include "reports/text_report.h"
#include "tools/cli/outputs.h"
#include "tools/cli/progress.h"
#include "tools/cli/suggest.h"
#ifdef LOCKCHECK_WITH_MPI
#include "tools/cli/mpi_transport.h"
#endif

namespace lockcheck {
namespace {

constexpr int kExitOk = 0, kExitBug = 1, kExitUsage = 2, kExitIncomplete = 3;

constexpr char kCheckExitHelp[] =
    "Exit status: 0 every scenario matched its expectation; 1 a bug or an unmet expectation;\n"
    "2 a usage or input error (the other scenarios are still checked); 3 a search cut short\n"
    "by a bound with nothing found (0 with --allow-incomplete). When several apply,\n"
    "2 beats 1 beats 3: an input error is the most urgent. Interrupted by SIGINT or SIGTERM:\n"
    "130 or 143, after the reports are written (marked \"interrupted\"). With --distributed,\n"
    "rank 0's status; 2 also when MPI fails or the ranks read different files.";
constexpr char kMergeExitHelp[] =
    "Exit status: as `check` would give for the merged scenarios (0, 1, 2 or 3); 2 also when a\n"
    "report cannot be read or the reports do not fit together.";
constexpr char kExplainExitHelp[] =
    "Exit status: 0 the bug (or the list) was printed; 2 the report cannot be read or has no\n"
    "bug with that id.";
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
  if (option == "profile") return "language|cpython-3.13";
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

// One input of `check`: a scenario file, or a path that could not be used (then `error` says
// why, and it is reported as an input error of that path in every report).
struct Input {
  std::string path;
  std::string error;
};

// Files named on the command line as given, and the *.py files below folders sorted by path,
// each file once. A path that does not exist, is not a regular file (a FIFO would block the
// read forever, a device never end), or a folder without a scenario, is an input error of that
// path; the other paths are still checked.
std::vector<Input> ExpandPaths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<Input> inputs;
  std::set<std::string> seen;
  auto add = [&](const fs::path& p) {
    if (seen.insert(p.lexically_normal().string()).second) inputs.push_back({p.string(), ""});
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
      if (ec) inputs.push_back({p, absl::StrCat("cannot list the folder: ", ec.message())});
      std::sort(found.begin(), found.end());
      if (found.empty() && !ec) inputs.push_back({p, "no *.py file in this folder"});
      for (const fs::path& f : found) add(f);
    } else if (fs::exists(p, ec)) {
      if (fs::is_regular_file(p, ec)) add(p);
      else inputs.push_back({p, "not a regular file (a FIFO, device or socket is never read)"});
    } else {
      inputs.push_back({p, "no such file or folder"});
    }
  }
  return inputs;
}

// The report entry of an input that could not be checked.
ScenarioResult InputErrorResult(const Input& input) {
  ScenarioResult r;
  r.file = input.path;
  r.status = ScenarioStatus::kError;
  r.matched_expectation = false;
  Diagnostic d{input.error, input.path, 0, 0};
  r.rendered_errors.push_back(RenderDiagnostic(d, nullptr));
  r.errors.push_back(std::move(d));
  return r;
}

// The report entry of a scenario that an interruption kept from being checked.
ScenarioResult NotCheckedResult(const std::string& file) {
  ScenarioResult r;
  r.file = file;
  r.status = ScenarioStatus::kIncomplete;
  r.matched_expectation = false;
  r.stats.complete = false;
  r.stats.limit = "interrupted";
  r.stats.strategy = "dfs";
  return r;
}

// The status a run ends with, for the exit code: 128 + the signal when one stopped it.
int InterruptedStatus(int status) {
  int signal = InterruptSignal();
  return signal != 0 ? 128 + signal : status;
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

// --trace, for check and replay (TextOptions::full_trace).
constexpr const char* kTraceHelp =
    "full: every step of a bug's trace; short (default): set-up and repeated loop turns folded";

// The report files a run may write, and how the text report is shown.
struct ReportFlags {
  std::string json, sarif, junit;
  std::string html;  // a folder: a swimlane page per scenario with findings, and index.html
  std::string source_root;  // the folder SARIF paths are relative to (default: the working one)
  bool quiet = false, verbose = false;
  std::string format = "text";  // "text", or "github": the text plus workflow annotations
  std::string trace = "short";  // "short" (set-up and repeats folded) or "full"

  std::vector<OutputFile> Outputs() const {
    return {{"--json", json}, {"--sarif", sarif}, {"--junit", junit}, {"--html", html, true}};
  }
  // Where the text report goes: stderr when a report file is written to standard output.
  std::ostream& TextStream() const {
    for (const OutputFile& o : Outputs())
      if (o.path == "-") return std::cerr;
    return std::cout;
  }
};

void AddReportFlags(CLI::App* app, ReportFlags& flags) {
  app->add_option("--json", flags.json,
                  "write the JSON report (lockcheck-report/1) to FILE ('-': standard output)")
      ->type_name("FILE");
  app->add_option("--sarif", flags.sarif,
                  "write a SARIF 2.1.0 report (GitHub code scanning) to FILE ('-': standard output)")
      ->type_name("FILE");
  app->add_option("--junit", flags.junit,
                  "write a JUnit XML report (one testcase per scenario) to FILE ('-': standard output)")
      ->type_name("FILE");
  app->add_option("--html", flags.html,
                  "write swimlane pages of the findings and an index.html to DIR (created if missing)")
      ->type_name("DIR");
  app->add_option("--source-root", flags.source_root,
                  "folder the SARIF report's paths are relative to (default: the working folder)")
      ->type_name("DIR");
  app->add_option("--format", flags.format,
                  "text (default), or github: also GitHub Actions annotations (::error file=...)")
      ->type_name("text|github")
      ->check(CLI::IsMember({"text", "github"}));
  app->add_option("--trace", flags.trace, kTraceHelp)
      ->type_name("full|short")
      ->check(CLI::IsMember({"full", "short"}).description(""));
  app->add_flag("-q,--quiet", flags.quiet,
                "one line per scenario, one per finding and input error; no progress display");
  app->add_flag("-v,--verbose", flags.verbose, "statistics, timing and memory for every scenario");
}

// Refuses what the report files cannot be, before anything is checked (a usage error).
bool OutputsUsable(const ReportFlags& flags, const std::vector<std::string>& inputs) {
  std::error_code ec;
  if (!flags.source_root.empty() && !std::filesystem::is_directory(flags.source_root, ec)) {
    std::cerr << "lockcheck: --source-root " << flags.source_root << ": no such folder\n";
    return false;
  }
  absl::Status s = CheckOutputs(flags.Outputs(), inputs);
  if (s.ok() && !flags.html.empty()) s = PrepareHtmlDir(flags.html);
  if (!s.ok()) std::cerr << "lockcheck: " << s.message() << "\n";
  return s.ok();
}

// One scenario's text as the flags ask for it.
std::string ScenarioText(const ScenarioResult& r, const ReportFlags& flags) {
  std::string out = RenderText(r, TextOptions{flags.quiet, flags.verbose, flags.trace == "full"});
  if (flags.format == "github") out += RenderGithubAnnotations(r);
  return out;
}

// Writes every report file asked for; false (after saying why) when one could not be written.
// `status` is the run's exit status, which the SARIF report records.
bool WriteReports(const RunReport& report, const ReportFlags& flags, int status) {
  bool ok = true;
  auto write = [&](const std::string& path, const std::string& text) {
    if (path.empty()) return;
    if (absl::Status s = WriteWhole(path, text); !s.ok()) {
      std::cerr << "lockcheck: " << s.message() << "\n";
      ok = false;
    }
  };
  write(flags.json, flags.json.empty() ? "" : RenderJson(report));
  if (!flags.sarif.empty()) {
    std::error_code ec;
    const std::string cwd = std::filesystem::current_path(ec).string();
    SarifOptions sarif{cwd, cwd, status, {}};
    if (!flags.source_root.empty())
      sarif.base_dir = std::filesystem::absolute(flags.source_root).lexically_normal().string();
    write(flags.sarif, RenderSarif(report, sarif));
  }
  write(flags.junit, flags.junit.empty() ? "" : RenderJunit(report));
  if (!flags.html.empty()) {
    if (absl::Status s = WriteHtmlReport(report, flags.html); !s.ok()) {
      std::cerr << "lockcheck: " << s.message() << "\n";
      ok = false;
    }
  }
  return ok;
}

// `--seed N`: checked by the checker's own parser, so "-1" or a 23-digit number is a usage
// error rather than a seed wrapped around to 2^64-1.
void AddSeedOption(CLI::App* app, uint64_t* seed, const std::string& help) {
  CLI::Validator valid(
      [](std::string& text) {
        uint64_t scratch = 0;
        absl::Status s = ParseSeed(text, &scratch);
        return s.ok() ? std::string() : std::string(s.message());
      },
      "", "");
  app->add_option_function<std::string>(
         "--seed", [seed](const std::string& text) { ParseSeed(text, seed).IgnoreError(); }, help)
      ->type_name("N")
      ->check(valid);
}

struct CheckFlags {
  std::vector<std::string> paths;
  ReportFlags reports;
  OptionFlags options;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  uint64_t seed = 1;
  bool stop_on_first = false, allow_incomplete = false;
  bool strict = false;
  std::vector<std::string> search_path;  // --path
  std::string swarm;  // --swarm I/N, as given
  bool distributed = false;  // --distributed: one rank of an MPI job
};

// `--path DIR` (repeatable): folders searched for the modules a scenario imports, after the
// scenario's own folder, on every command that compiles a scenario.
void AddPathOption(CLI::App* app, std::vector<std::string>* search_path) {
  app->add_option("--path", *search_path,
                  "also import the scenario's modules from DIR (repeatable; searched in order, "
                  "after the scenario's own folder)")
      ->type_name("DIR")
      ->allow_extra_args(false);
}

// `--profile` for the commands that run one schedule (replay, run): the profile the schedule
// was found under, as `check --profile` takes it (a replay command line repeats it).
void AddProfileOption(CLI::App* app, std::string* profile) {
  CLI::Validator valid(
      [](std::string& value) {
        CheckOptions scratch;
        absl::Status s = SetOption(scratch, "profile", value);
        return s.ok() ? std::string() : std::string(s.message());
      },
      "", "");
  app->add_option("--profile", *profile,
                  "language (default) or cpython-3.13: the profile the schedule runs under")
      ->type_name("language|cpython-3.13")
      ->check(valid);
}

// The request's settings for a --profile given (none when it was not).
std::vector<OptionSetting> ProfileSettings(const std::string& profile) {
  if (profile.empty()) return {};
  return {{"profile", profile}};
}

// What a rank of a distributed search sees of its inputs: their paths, and the content of
// each file, as one figure. The ranks of one job must see the same (a shared file system, or
// the same copy on every host).
std::string InputsDigest(const std::vector<Input>& inputs) {
  uint64_t digest = 0;
  for (const Input& in : inputs) {
    std::ifstream file(in.path, std::ios::binary);
    std::string text = absl::StrCat(in.path, "\n", in.error, "\n",
                                    std::string(std::istreambuf_iterator<char>(file), {}));
    for (unsigned char c : text) digest = MixBits(digest ^ c);
  }
  return absl::StrCat(inputs.size(), ":", digest);
}

// Of a distributed search (`--distributed`, `transport` its ranks), rank 0 checks the outputs,
// prints the text and writes the reports; the other ranks take part in the searches, print
// nothing and end with rank 0's status. Every rank decides nothing alone that changes which
// collective calls it makes.
int CheckCommand(const CheckFlags& flags, Transport* transport = nullptr) {
  std::vector<Input> inputs = ExpandPaths(flags.paths);
  std::vector<std::string> input_paths;
  for (const Input& in : inputs) input_paths.push_back(in.path);
  const bool helper = transport != nullptr && transport->rank() != 0;
  if (transport != nullptr) {
    const std::string digest = InputsDigest(inputs);
    const std::vector<std::string> digests = AllGather(*transport, digest);
    bool same = true;
    for (size_t r = 1; r < digests.size(); ++r) {
      if (digests[r] == digests[0]) continue;
      same = false;
      if (!helper) {
        std::cerr << "lockcheck: --distributed: rank " << r
                  << " sees other scenario files than rank 0 (or other contents): every rank "
                     "must read the same files (a shared file system, or the same copy on every "
                     "host)\n";
      }
    }
    if (!same) return kExitUsage;
  }
  bool usable = helper || OutputsUsable(flags.reports, input_paths);
  if (transport != nullptr) usable = AllGather(*transport, usable ? "1" : "0")[0] == "1";
  if (!usable) return kExitUsage;

  RunReport report;
  report.version = LOCKCHECK_VERSION;
  flags.options.AddTo(report.options);
  report.options["stop_on_first"] = flags.stop_on_first;
  report.options["seed"] = flags.seed;
  report.options["jobs"] = flags.jobs;
  report.options["strict"] = flags.strict;
  report.options["path"] = flags.search_path;
  SwarmMember swarm;
  if (!flags.swarm.empty()) {
    swarm = *ParseSwarm(flags.swarm);  // the flag's check has parsed it
    report.options["swarm"] = flags.swarm;
  }

  if (transport != nullptr) report.options["distributed"] = true;

  InstallInterruptHandlers();
  std::ostream silent(nullptr);  // a helper rank's text goes nowhere
  std::ostream& text = helper ? silent : flags.reports.TextStream();
  ProgressDisplay progress(!flags.reports.quiet && !helper, isatty(STDERR_FILENO) != 0);
  for (size_t i = 0; i < inputs.size(); ++i) {
    ScenarioResult result;
    bool interrupted = InterruptSignal() != 0;
    if (transport != nullptr) {
      // A signal reaches the ranks at different times: they start the next search together
      // or not at all.
      for (const std::string& r : AllGather(*transport, interrupted ? "1" : "0"))
        interrupted = interrupted || r == "1";
    }
    if (!inputs[i].error.empty()) {
      result = InputErrorResult(inputs[i]);
    } else if (interrupted) {
      result = NotCheckedResult(inputs[i].path);
    } else {
      progress.StartScenario(i + 1, inputs.size(), inputs[i].path);
      CheckRequest request;
      request.path = inputs[i].path;
      request.settings = flags.options.Settings();
      request.stop_on_first = flags.stop_on_first;
      request.jobs = flags.jobs;
      request.strict = flags.strict;
      request.seed = flags.seed;
      request.search_path = flags.search_path;
      request.swarm = swarm;
      request.monitor = &progress;
      request.transport = transport;
      result = CheckScenario(request);
      progress.EndScenario();
    }
    text << ScenarioText(result, flags.reports) << std::flush;
    report.scenarios.push_back(std::move(result));
  }
  text << RenderSummary(report.scenarios) << std::flush;
  if (helper) {
    // Waits for rank 0 to write its reports, then ends with 0: mpirun's status is then
    // rank 0's, the run's (one that ends with another status makes mpirun end the rest).
    AllGather(*transport, "");
    return kExitOk;
  }
  if (InterruptSignal() != 0) {
    std::cerr << "lockcheck: interrupted (" << (InterruptSignal() == SIGINT ? "SIGINT" : "SIGTERM")
              << "): the reports hold what was found until then\n";
  }
  int status = ExitStatus(report.scenarios, flags.allow_incomplete);
  status = InterruptedStatus(status);
  if (!WriteReports(report, flags.reports, status)) status = kExitUsage;
  if (transport != nullptr) AllGather(*transport, absl::StrCat(status));
  return status;
}

// `check --distributed`: this process is one rank of `mpirun -np P lockcheck check
// --distributed ...` (checker/distributed.h).
int DistributedCheckCommand(const CheckFlags& flags, int* argc, char*** argv) {
#ifdef LOCKCHECK_WITH_MPI
  MpiTransport mpi(argc, argv);
  return CheckCommand(flags, &mpi);
#else
  std::cerr << "lockcheck: --distributed: this lockcheck was built without MPI; install "
               "OpenMPI (Debian: apt-get install openmpi-bin libopenmpi-dev), build it again "
               "and run it under `mpirun -np P lockcheck check --distributed ...`\n";
  return kExitUsage;
#endif
}

int ReplayCommand(const std::string& file, const std::string& token, const std::string& json,
                  TextOptions text, const std::vector<std::string>& search_path,
                  const std::string& profile) {
  if (absl::Status s = CheckOutputs({{"--json", json}}, {file}); !s.ok()) {
    std::cerr << "lockcheck: " << s.message() << "\n";
    return kExitUsage;
  }
  std::ostream& out = json == "-" ? std::cerr : std::cout;
  CheckRequest request;
  request.path = file;
  request.search_path = search_path;
  request.settings = ProfileSettings(profile);
  ScenarioResult result = ReplayScenario(request, token);
  text.profile = result.profile;
  if (result.status == ScenarioStatus::kError) {
    out << RenderText(result, TextOptions{});
  } else {
    const Bug* lasso = result.bugs.size() == 1 && result.bugs[0].loop_start ? &result.bugs[0]
                                                                             : nullptr;
    if (lasso != nullptr) {
      size_t prefix = static_cast<size_t>(*lasso->loop_start);
      size_t cycle = lasso->trace.size() - prefix;
      out << file << ": replayed the prefix (" << prefix << (prefix == 1 ? " step" : " steps")
          << ") and one turn of the cycle (" << cycle << (cycle == 1 ? " step" : " steps")
          << "), which comes back to the state where it began, so it can repeat forever\n";
    } else {
      out << file << ": replayed; "
          << (result.bugs.empty() ? "the schedule runs without a bug"
                                  : absl::StrCat("the schedule shows ",
                                                 result.bugs.size() == 1 ? "a bug" : "bugs"))
          << "\n";
    }
    for (const Bug& b : result.bugs) out << "\n" << RenderBug(b, file, text);
  }
  if (!json.empty()) {
    RunReport report;
    report.version = LOCKCHECK_VERSION;
    report.options = nlohmann::ordered_json{{"schedule", token}};
    report.scenarios.push_back(result);
    if (absl::Status s = WriteWhole(json, RenderJson(report)); !s.ok()) {
      std::cerr << "lockcheck: " << s.message() << "\n";
      return kExitUsage;
    }
  }
  if (result.status == ScenarioStatus::kError) return kExitUsage;
  return result.bugs.empty() ? kExitOk : kExitBug;
}

// Reads each saved report, or says why it cannot (a usage error).
bool ReadReports(const std::vector<std::string>& paths, std::vector<RunReport>& reports) {
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      std::cerr << "lockcheck: " << path << ": not a readable report file\n";
      return false;
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    absl::StatusOr<RunReport> r = ReadJsonReport(text, path);
    if (!r.ok()) {
      std::cerr << "lockcheck: " << r.status().message() << "\n";
      return false;
    }
    reports.push_back(*std::move(r));
  }
  return true;
}

// Whether report i was written by the same lockcheck as report 0, with the same options apart
// from `apart` (keys that change no report, or differ by design); says why not.
bool FitsTogether(const std::vector<std::string>& paths, const std::vector<RunReport>& reports,
                  size_t i, std::initializer_list<const char*> apart) {
  if (reports[i].version != reports[0].version) {
    std::cerr << "lockcheck: " << paths[i] << " was written by lockcheck " << reports[i].version
              << ", " << paths[0] << " by " << reports[0].version << ": not merged\n";
    return false;
  }
  auto without = [&](nlohmann::ordered_json options) {
    if (options.is_object()) {
      for (const char* key : apart) options.erase(key);
    }
    return options;
  };
  if (without(reports[i].options) != without(reports[0].options)) {
    std::cerr << "lockcheck: " << paths[i] << " was checked with other options than "
              << paths[0] << ": not merged\n";
    return false;
  }
  return true;
}

// Prints a merged run's text report and writes the others; returns its exit status.
int FinishMerge(const RunReport& merged, const ReportFlags& flags, bool allow_incomplete) {
  std::ostream& text = flags.TextStream();
  for (const ScenarioResult& r : merged.scenarios) text << ScenarioText(r, flags);
  text << RenderSummary(merged.scenarios) << std::flush;
  int status = ExitStatus(merged.scenarios, allow_incomplete);
  if (!WriteReports(merged, flags, status)) status = kExitUsage;
  return status;
}

// The members of one swarm (`check --swarm I/N`, checker/swarm.h) checked the same scenarios
// with the same lockcheck and options; their reports merge into the swarm's: each scenario's
// results joined by MergeSwarm. Any subset of the members merges (the coverage line names
// them), each member once; reports of another swarm, or of other scenarios, are refused.
int MergeSwarmReports(const std::vector<std::string>& paths, std::vector<RunReport>& reports,
                      const ReportFlags& flags, bool allow_incomplete) {
  std::vector<SwarmMember> members;
  for (size_t i = 0; i < reports.size(); ++i) {
    absl::StatusOr<SwarmMember> m = ParseSwarm(reports[i].options["swarm"].get<std::string>());
    if (!m.ok()) {
      std::cerr << "lockcheck: " << paths[i] << ": " << m.status().message() << "\n";
      return kExitUsage;
    }
    members.push_back(*m);
    if (!FitsTogether(paths, reports, i, {"jobs", "swarm"})) return kExitUsage;
    if (m->count != members[0].count) {
      std::cerr << "lockcheck: " << paths[i] << " is a member of a swarm of " << m->count << ", "
                << paths[0] << " of one of " << members[0].count << ": not merged\n";
      return kExitUsage;
    }
    for (size_t j = 0; j < i; ++j) {
      if (members[j].index == m->index) {
        std::cerr << "lockcheck: " << paths[j] << " and " << paths[i] << " are both member "
                  << m->index << " of the swarm: not merged\n";
        return kExitUsage;
      }
    }
    bool same = reports[i].scenarios.size() == reports[0].scenarios.size();
    for (size_t k = 0; same && k < reports[i].scenarios.size(); ++k)
      same = reports[i].scenarios[k].file == reports[0].scenarios[k].file;
    if (!same) {
      std::cerr << "lockcheck: " << paths[i] << " checked other scenarios than " << paths[0]
                << ": a swarm's members check the same ones; not merged\n";
      return kExitUsage;
    }
  }
  std::vector<size_t> order(reports.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return members[a].index < members[b].index; });
  RunReport merged;
  merged.tool = reports[0].tool;
  merged.version = reports[0].version;
  merged.options = reports[0].options;
  merged.options.erase("swarm");
  const bool strict = merged.options.value("strict", false);
  std::vector<int> numbers;
  for (size_t i : order) numbers.push_back(members[i].index);
  for (size_t k = 0; k < reports[0].scenarios.size(); ++k) {
    std::vector<const ScenarioResult*> results;
    for (size_t i : order) results.push_back(&reports[i].scenarios[k]);
    merged.scenarios.push_back(MergeSwarm(results, numbers, members[0].count, strict));
  }
  return FinishMerge(merged, flags, allow_incomplete);
}

// Sharded CI jobs check disjoint sets of scenarios with the same lockcheck and options; their
// reports merge into the one a single job would have written (scenarios in the order of the
// reports). Reports that do not fit together (another version, other options apart from
// --jobs, which does not change a report, or a scenario in two of them) are refused rather than
// merged into a report no single run could give.
int MergeCommand(const std::vector<std::string>& paths, const ReportFlags& flags,
                 bool allow_incomplete) {
  if (!OutputsUsable(flags, paths)) return kExitUsage;
  std::vector<RunReport> reports;
  if (!ReadReports(paths, reports)) return kExitUsage;
  size_t swarm = 0;
  for (const RunReport& r : reports) swarm += r.options.contains("swarm") ? 1 : 0;
  if (swarm == reports.size()) return MergeSwarmReports(paths, reports, flags, allow_incomplete);
  if (swarm > 0) {
    std::cerr << "lockcheck: some of the reports are a swarm's members (--swarm) and some are "
                 "not: merge a swarm's members by themselves\n";
    return kExitUsage;
  }
  RunReport merged;
  merged.tool = reports[0].tool;
  merged.version = reports[0].version;
  merged.options = reports[0].options;
  std::set<std::string> files;
  for (size_t i = 0; i < reports.size(); ++i) {
    if (!FitsTogether(paths, reports, i, {"jobs"})) return kExitUsage;
    for (ScenarioResult& r : reports[i].scenarios) {
      if (!files.insert(r.file).second) {
        std::cerr << "lockcheck: " << r.file << " is in more than one report (" << paths[i]
                  << " among them): not merged\n";
        return kExitUsage;
      }
      merged.scenarios.push_back(std::move(r));
    }
  }
  return FinishMerge(merged, flags, allow_incomplete);
}

// One bug's text from a saved report, found by its id (or a unique prefix of at least four of
// its digits); without an id, one line per bug with its id.
int ExplainCommand(const std::string& path, const std::string& id) {
  std::vector<RunReport> reports;
  if (!ReadReports({path}, reports)) return kExitUsage;
  std::vector<std::pair<const ScenarioResult*, const Bug*>> matches;
  for (const ScenarioResult& r : reports[0].scenarios) {
    for (const Bug& b : r.bugs) {
      if (id.empty()) {
        std::cout << b.id << "  " << r.file;
        if (b.location.line > 0) std::cout << ":" << b.location.line;
        std::cout << "  " << BugKindName(b.kind) << ": " << b.message << "\n";
      } else if (id.size() >= 4 && b.id.compare(0, id.size(), id) == 0) {
        matches.emplace_back(&r, &b);
      }
    }
  }
  if (id.empty()) return kExitOk;
  if (matches.size() != 1) {
    std::cerr << "lockcheck: " << path << ": "
              << (matches.empty() ? absl::StrCat("no bug with id ", id,
                                                 id.size() < 4 ? " (give at least 4 digits)" : "")
                                  : absl::StrCat(matches.size(), " bugs have ids starting ", id))
              << "; `lockcheck explain " << path << "` lists them\n";
    return kExitUsage;
  }
  std::cout << matches[0].first->file << ": " << BugKindName(matches[0].second->kind) << " "
            << matches[0].second->id << "\n\n"
            << RenderBug(*matches[0].second, matches[0].first->file,
                         TextOptions{.profile = matches[0].first->profile});
  return kExitOk;
}

int RunCommand(const std::string& file, uint64_t seed,
               const std::vector<std::string>& search_path, const std::string& profile) {
  CheckRequest request;
  request.path = file;
  request.search_path = search_path;
  request.settings = ProfileSettings(profile);
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
      std::cout << "\n" << RenderBug(b, file, TextOptions{.profile = result.profile});
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

int DisasmCommand(const std::string& file, const std::vector<std::string>& search_path) {
  DisasmResult d = DisassembleScenario(file, search_path);
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


// After a parse error: "did you mean ...?" for a mistyped subcommand or flag, or "".
std::string Suggestion(CLI::App& app, int argc, char** argv) {
  std::vector<std::string> commands;
  CLI::App* used = nullptr;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
    if (argc > 1 && sub->get_name() == argv[1]) used = sub;
  }
  if (argc > 1 && used == nullptr && argv[1][0] != '-') {
    std::string best = ClosestWord(argv[1], commands);
    return best.empty() ? "" : absl::StrCat("did you mean `lockcheck ", best, "`?");
  }
  std::vector<std::string> flags;
  for (CLI::App* a : {&app, used}) {
    if (a == nullptr) continue;
    for (const CLI::Option* o : a->get_options()) {
      for (const std::string& l : o->get_lnames()) flags.push_back("--" + l);
      for (const std::string& n : o->get_snames()) flags.push_back("-" + n);
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.size() < 2 || word[0] != '-' || word == "--") continue;
    word = word.substr(0, word.find('='));
    if (std::find(flags.begin(), flags.end(), word) != flags.end()) continue;
    std::string best = ClosestWord(word, flags);
    if (!best.empty()) return absl::StrCat("did you mean ", best, " (not ", word, ")?");
  }
  return "";
}

int Main(int argc, char** argv) {
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
  AddReportFlags(check, cf.reports);
  cf.options.Add(check);
  check->add_option("--jobs", cf.jobs, "search threads (default: the machine's cores; the report does not depend on it)")
      ->type_name("N")
      ->check(CLI::Range(1, 1024).description(""));
  AddSeedOption(check, &cf.seed, "seed for randomised strategies (default 1)");
  AddPathOption(check, &cf.search_path);
  check->add_flag("--stop-on-first", cf.stop_on_first, "stop each scenario's search at its first bug");
  CLI::Option* swarm_option =
      check
      ->add_option("--swarm", cf.swarm,
                   "run member I of a swarm of N diversified searches (bug hunting; `merge` "
                   "joins the members' JSON reports)")
      ->type_name("I/N")
      ->check(CLI::Validator(
          [](std::string& value) {
            absl::StatusOr<SwarmMember> m = ParseSwarm(value);
            return m.ok() ? std::string() : std::string(m.status().message());
          },
          "", ""));
  check
      ->add_flag("--distributed", cf.distributed,
                 "be one rank of a distributed search: run as `mpirun -np P lockcheck check "
                 "--distributed ...` (the states are shared out between the ranks; rank 0 "
                 "writes the reports)")
      ->excludes(swarm_option);
  check->add_flag("--strict", cf.strict,
                  "warnings (lock-order) fail a scenario that does not declare them");
  check->add_flag("--allow-incomplete", cf.allow_incomplete,
                  "exit 0, not 3, when a bound cut a search that found nothing");

  std::string replay_file, token, replay_json;
  CLI::App* replay = app.add_subcommand("replay", "re-run the interleaving of a reported bug");
  replay->footer(kReplayExitHelp);
  replay->add_option("FILE", replay_file, "the scenario")->type_name("")->required();
  replay->add_option("--schedule", token, "the bug's replay token (lc2:...)")
      ->type_name("TOKEN")
      ->required();
  replay->add_option("--json", replay_json,
                     "also write the result as a JSON report to FILE ('-': standard output)")
      ->type_name("FILE");
  std::string replay_trace = "short";
  replay->add_option("--trace", replay_trace, kTraceHelp)
      ->type_name("full|short")
      ->check(CLI::IsMember({"full", "short"}).description(""));
  std::vector<std::string> replay_path, run_path, disasm_path;
  AddPathOption(replay, &replay_path);
  std::string replay_profile, run_profile;
  AddProfileOption(replay, &replay_profile);

  std::string run_file;
  uint64_t run_seed = 1;
  CLI::App* run = app.add_subcommand("run", "run one random interleaving, like python3 FILE");
  run->footer(kRunExitHelp);
  run->add_option("FILE", run_file, "the scenario")->type_name("")->required();
  AddSeedOption(run, &run_seed, "which interleaving (default 1; same seed, same run)");
  AddPathOption(run, &run_path);
  AddProfileOption(run, &run_profile);

  std::string disasm_file;
  CLI::App* disasm = app.add_subcommand("disasm", "print the scenario's bytecode");
  disasm->footer(kDisasmExitHelp);
  disasm->add_option("FILE", disasm_file, "the scenario")->type_name("")->required();
  AddPathOption(disasm, &disasm_path);

  std::vector<std::string> merge_paths;
  ReportFlags merge_flags;
  bool merge_allow_incomplete = false;
  CLI::App* merge = app.add_subcommand(
      "merge",
      "merge the JSON reports of sharded runs, or of a swarm's members, into one (and its text, "
      "SARIF, JUnit)");
  merge->footer(kMergeExitHelp);
  merge->add_option("REPORT", merge_paths, "JSON reports written by `lockcheck check --json`")
      ->type_name("")
      ->required();
  AddReportFlags(merge, merge_flags);
  merge->add_flag("--allow-incomplete", merge_allow_incomplete,
                  "exit 0, not 3, when a bound cut a search that found nothing");

  std::string explain_path, explain_id;
  CLI::App* explain =
      app.add_subcommand("explain", "print one bug of a saved JSON report as `check` shows it");
  explain->footer(kExplainExitHelp);
  explain->add_option("REPORT", explain_path, "a JSON report")->type_name("")->required();
  explain->add_option("--bug", explain_id,
                      "the bug's id (or its first 4+ digits); without it, every bug is listed")
      ->type_name("ID");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here too, with status 0.
    int status = app.exit(e);
    if (status != 0) {
      std::string hint = Suggestion(app, argc, argv);
      if (!hint.empty()) std::cerr << hint << "\n";
    }
    return status == 0 ? kExitOk : kExitUsage;
  }
  if (*check) return cf.distributed ? DistributedCheckCommand(cf, &argc, &argv) : CheckCommand(cf);
  if (*replay) {
    return ReplayCommand(replay_file, token, replay_json,
                         TextOptions{.full_trace = replay_trace == "full"}, replay_path,
                         replay_profile);
  }
  if (*run) return RunCommand(run_file, run_seed, run_path, run_profile);
  if (*disasm) return DisasmCommand(disasm_file, disasm_path);
  if (*merge) return MergeCommand(merge_paths, merge_flags, merge_allow_incomplete);
  if (*explain) return ExplainCommand(explain_path, explain_id);
  std::cout << app.help();
  return kExitUsage;
}

}  // namespace
}  // namespace lockcheck

int main(int argc, char** argv) { return lockcheck::Main(argc, argv); }
