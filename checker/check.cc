#include "checker/check.h"

#include <chrono>
#include <cstring>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "checker/counterexample.h"
#include "checker/directed.h"
#include "checker/distributed.h"
#include "checker/estimate.h"
#include "checker/explorer.h"
#include "checker/lasso.h"
#include "checker/lock_order.h"
#include "checker/strategies.h"
#include "checker/memory.h"
#include "primitives/lock.h"
#include "scenarios/lang/compiler.h"
#include "scenarios/lang/parser.h"
#include "scenarios/lang/read_source.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {
namespace {

// Everything needed to run one scenario: its source, program, runtime and options.
struct Loaded {
  std::shared_ptr<SourceFile> source;
  std::unique_ptr<Program> program;
  std::unique_ptr<Runtime> runtime;
  std::unique_ptr<Interpreter> interp;
  CheckOptions options;
  std::vector<BugKind> expected;
  // `expect-strong=`: the verdict under strong fairness, where it differs (e.g. starvation of a
  // barging lock under weak fairness, nothing under strong).
  std::optional<std::vector<BugKind>> expected_strong;
  // `expect-cpython-3.13=`: the verdict under --profile cpython-3.13, where it differs (a
  // program correct only thanks to 3.13's PyMutex hand-off), under weak fairness.
  std::optional<std::vector<BugKind>> expected_cpython313;
  std::string description;
  std::vector<Diagnostic> errors;
  // Every file compiled: the scenario, then the modules it imports.
  std::vector<std::shared_ptr<const SourceFile>> sources;
};

// The file a diagnostic points into, for its caret line.
const SourceFile* SourceFor(const Loaded& l, const Diagnostic& d) {
  for (const auto& s : l.sources)
    if (s->path() == d.file) return s.get();
  return l.source.get();
}

void AddError(ScenarioResult& r, const Diagnostic& d, const SourceFile* source) {
  r.errors.push_back(d);
  r.rendered_errors.push_back(RenderDiagnostic(d, source));
  r.status = ScenarioStatus::kError;
  r.matched_expectation = false;
}

// `# lockcheck: expect=deadlock,assertion max-states=1000` in the first lines of the file.
void ParsePragmas(const SourceFile& source, Loaded& l) {
  int lines = std::min(source.line_count(), 20);
  for (int line = 1; line <= lines; ++line) {
    absl::string_view text = source.Line(line);
    absl::string_view stripped = absl::StripLeadingAsciiWhitespace(text);
    if (!absl::ConsumePrefix(&stripped, "#")) continue;
    stripped = absl::StripLeadingAsciiWhitespace(stripped);
    if (!absl::ConsumePrefix(&stripped, "lockcheck:")) continue;
    for (absl::string_view item : absl::StrSplit(stripped, ' ', absl::SkipWhitespace())) {
      int32_t column = static_cast<int32_t>(item.data() - text.data()) + 1;
      auto error = [&](std::string message) {
        l.errors.push_back({std::move(message), source.path(), line, column});
      };
      size_t eq = item.find('=');
      if (eq == absl::string_view::npos) {
        error(absl::StrCat("pragma item '", item, "' is not name=value"));
        continue;
      }
      absl::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
      if (name == "expect" || name == "expect-strong" || name == "expect-cpython-3.13") {
        std::vector<BugKind>& into = name == "expect"          ? l.expected
                                     : name == "expect-strong" ? l.expected_strong.emplace()
                                                               : l.expected_cpython313.emplace();
        for (absl::string_view kind : absl::StrSplit(value, ',')) {
          if (kind == "pass") continue;
          std::optional<BugKind> k = BugKindFromName(std::string(kind));
          if (!k) {
            error(absl::StrCat("unknown bug kind '", kind, "' in ", name, "= (known: pass, ",
                               "deadlock, starvation, livelock, unlock-not-held, assertion, ",
                               "exception, lock-order)"));
          } else if (std::find(into.begin(), into.end(), *k) == into.end()) {
            into.push_back(*k);
          }
        }
        std::sort(into.begin(), into.end());
        continue;
      }
      absl::Status s = SetOption(l.options, name, value);
      if (!s.ok()) error(std::string(s.message()));
    }
  }
}

Loaded Load(const CheckRequest& request) {
  Loaded l;
  absl::StatusOr<std::string> read = ReadSourceText(request.path);
  if (!read.ok()) {
    l.errors.push_back({std::string(read.status().message()), request.path, 1, 1});
    return l;
  }
  std::string text = *std::move(read);
  l.source = std::make_shared<SourceFile>(request.path, std::move(text));
  ParsePragmas(*l.source, l);
  for (const auto& [name, value] : request.settings) {
    absl::Status s = SetOption(l.options, name, value);
    if (!s.ok()) l.errors.push_back({std::string(s.message()), request.path, 0, 0});
  }
  // Under strong fairness a barging lock starves nobody already, so expect-strong= wins there.
  if (l.options.profile == Profile::kCPython313 && l.expected_cpython313)
    l.expected = *l.expected_cpython313;
  if (l.options.fairness == Fairness::kStrong && l.expected_strong) l.expected = *l.expected_strong;
  l.options.stop_on_first = request.stop_on_first;
  l.options.strict = request.strict;
  l.options.seed = request.seed;
  l.options.jobs = request.jobs;
  l.options.recording_min_states = request.recording_min_states;
  l.options.monitor = request.monitor;
  l.options.transport = request.transport;
  if (request.swarm.count > 0 && l.errors.empty()) {
    absl::Status s = JoinSwarm(request.swarm, l.options);
    if (!s.ok()) l.errors.push_back({std::string(s.message()), request.path, 0, 0});
  }
  if (!l.errors.empty()) return l;
  CompileResult compiled = CompileSource(l.source, request.search_path);
  l.sources = compiled.sources;
  l.description = compiled.description;
  if (!compiled.errors.empty()) {
    l.errors = std::move(compiled.errors);
    return l;
  }
  l.program = std::move(compiled.program);
  Limits limits;
  limits.step_budget = l.options.step_budget;
  limits.max_call_depth = l.options.max_call_depth;
  limits.max_object_size = l.options.max_object_size;
  l.runtime = std::make_unique<Runtime>(*l.program, std::make_shared<Interner>(), limits,
                                        l.options.profile);
  l.interp = std::make_unique<Interpreter>(*l.runtime);
  return l;
}

ScenarioResult Start(const CheckRequest& request, Loaded& l) {
  ScenarioResult r;
  r.file = request.path;
  r.description = std::string(absl::StripAsciiWhitespace(l.description));
  r.expected = l.expected;
  r.profile = std::string(ProfileName(l.options.profile));
  for (const Diagnostic& d : l.errors) AddError(r, d, SourceFor(l, d));
  return r;
}

void InputErrorResult(ScenarioResult& r, const Loaded& l, const VmEvent& e) {
  Diagnostic d{e.message, SourcePath(*l.program, e.loc), e.loc.line, e.loc.column};
  AddError(r, d, SourceFor(l, d));
}

// A replayed schedule that ends where a thread holding locks goes to take another (the state a
// lock-order warning's token leads to) shows that warning. The warning is a property of the
// whole state space (the other threads' orders were shown on other paths), so the scenario is
// checked again to find it; each warning with an order this state shows is reported, with this
// schedule's trace and final state.
void AddLockOrderWarnings(const CheckRequest& request, const Interpreter& interp,
                          const Schedule& schedule, const Machine& final, ScenarioResult& r) {
  LockOrderGraph orders(interp);
  bool shows = false;
  for (int t = 0; t < final.num_threads && !shows; ++t) shows = !orders.Showings(final, t).empty();
  if (!shows) return;
  ScenarioResult full = lockcheck::CheckScenario(request);
  BugOccurrence path;
  path.schedule = schedule;
  Bug here = MakeBug(interp, path, r.file);
  for (Bug& b : full.bugs) {
    if (b.kind != BugKind::kLockOrder) continue;
    if (std::none_of(b.lock_order.begin(), b.lock_order.end(),
                     [&](const LockOrderEdge& e) { return orders.Shows(final, e); }))
      continue;
    b.trace = here.trace;
    b.final_state = here.final_state;
    b.replay = EncodeSchedule(schedule);
    r.bugs.push_back(std::move(b));
  }
}

// The probes' estimate, and the limit it says an exhaustive search hits first: at the rate and
// the resident bytes per state this search ran with (a search that did not finish: the
// estimate says whether a longer one would have).
void AddEstimate(const StateEstimate& e, const CheckOptions& options, Stats& s) {
  s.estimated_states = e.states;
  s.estimate_at_least = e.truncated;
  s.estimate_walks = e.walks;
  if (s.complete && s.limit.empty()) return;
  const double states = static_cast<double>(std::max<uint64_t>(s.states, 1));
  s.predicted_limit =
      PredictLimit(e, options, static_cast<double>(s.peak_memory_bytes) / states,
                   states / std::max(s.seconds, 1e-3), &s.predicted_seconds);
}

}  // namespace

// Status and expectation from the bugs found. A warning counts only when `strict` or when the
// scenario declares it.
void ConcludeScenario(ScenarioResult& r, bool strict) {
  if (r.status == ScenarioStatus::kError) return;
  if (CutByTime(r.stats)) {
    // What the search found before the clock stopped it depends on how fast it ran, so no
    // verdict drawn from it would hold on the next run: it is `incomplete` whatever it found
    // (the bugs are kept, each with its replay token), never `ok` and never `fail`. Every run
    // the limit cuts says the same; a run it does not cut gives the complete verdict, the
    // same as without the limit. --max-states and --max-depth cut at the same place every
    // run and keep their verdicts.
    r.status = ScenarioStatus::kIncomplete;
    r.matched_expectation = false;
    return;
  }
  std::vector<BugKind> found;
  bool failing = false;
  for (const Bug& b : r.bugs) {
    bool counts = b.severity == Severity::kError || strict ||
                  std::find(r.expected.begin(), r.expected.end(), b.kind) != r.expected.end();
    if (!counts) continue;
    failing = true;
    if (std::find(found.begin(), found.end(), b.kind) == found.end()) found.push_back(b.kind);
  }
  std::sort(found.begin(), found.end());
  if (failing) r.status = ScenarioStatus::kFail;
  else if (!r.stats.complete) r.status = ScenarioStatus::kIncomplete;
  else r.status = ScenarioStatus::kPass;
  // An incomplete search matches only an expectation of bugs, all of which it found.
  r.matched_expectation = found == r.expected && (r.stats.complete || !r.expected.empty());
  // A search cut short that found only declared bugs, but not all of them, reached no verdict:
  // the missing ones may lie past the limit. That is "incomplete" (exit 3), not "expected bug
  // not found" (exit 1); the bugs it did find stay in the report.
  if (!r.matched_expectation && !r.stats.complete &&
      std::includes(r.expected.begin(), r.expected.end(), found.begin(), found.end())) {
    r.status = ScenarioStatus::kIncomplete;
  }
}

ScenarioResult CheckScenario(const CheckRequest& request) {
  auto start = std::chrono::steady_clock::now();
  Loaded l = Load(request);
  ScenarioResult r = Start(request, l);
  if (r.status == ScenarioStatus::kError) return r;
  Explorer explorer(*l.interp, l.options);
  // Of a distributed search's ranks, rank 0 reports; the others take part in the exhaustive
  // search only (distributed.h).
  const bool helper = l.options.transport != nullptr && l.options.transport->rank() != 0;
  // A search that rank 0 runs alone (the other strategies; --stop-on-first, which a directed
  // search may end before the exhaustive one starts) leaves the other ranks nothing to do.
  const bool alone = l.options.strategy != Strategy::kDfs || l.options.stop_on_first;
  SearchResult search = helper && alone ? SearchResult()
                        : l.options.strategy == Strategy::kDfs
                            ? DfsSearch(*l.interp, l.options, explorer)
                            : RunStrategy(*l.interp, l.options);
  if (l.options.transport != nullptr && search.ranks.empty()) {
    // Every rank's share: rank 0's is all of it.
    search.ranks.resize(static_cast<size_t>(l.options.transport->size()));
    if (!helper) search.ranks[0].states = search.states;
  }
  r.stats.strategy = search.strategy;
  r.stats.coverage = search.coverage;
  if (l.options.swarm_count > 0) {
    // What this member searched, before what its strategy says it covered.
    r.stats.swarm_member = l.options.swarm_index;
    r.stats.swarm_members = l.options.swarm_count;
    r.stats.coverage = r.stats.coverage.empty()
                           ? SwarmPlan(l.options)
                           : absl::StrCat(SwarmPlan(l.options), ": ", r.stats.coverage);
  }
  r.stats.search_order = search.search_order;
  r.stats.states = search.states;
  r.stats.transitions = search.transitions;
  r.stats.max_depth = search.max_depth;
  r.stats.complete = search.complete;
  r.stats.limit = search.limit;
  r.stats.store_bytes = search.store_bytes;
  r.stats.collision_odds = search.collision_odds;
  r.stats.reduced_states = search.reduced_states;
  r.stats.ranks = search.ranks;
  if (search.input_error) {
    InputErrorResult(r, l, *search.input_error);
  } else if (!helper) {
    // Shortest counterexamples cost a breadth-first search over the states closer to the root
    // than the depth-first paths; past its bound, it keeps the shortest depth-first paths.
    explorer.ShortestSchedules(search, Explorer::ShortestScheduleStates(search.states));
    for (const BugOccurrence& occ : search.bugs) r.bugs.push_back(MakeBug(*l.interp, occ, r.file));
  }
  r.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.stats.peak_memory_bytes = PeakRssBytes();
  if (search.estimate.walks > 0) AddEstimate(search.estimate, l.options, r.stats);
  ConcludeScenario(r, l.options.strict);
  return r;
}

ScenarioResult ReplayScenario(const CheckRequest& request, const std::string& token) {
  Loaded l = Load(request);
  ScenarioResult r = Start(request, l);
  r.stats.strategy = "replay";
  if (r.status == ScenarioStatus::kError) return r;
  std::optional<size_t> loop_start;
  absl::StatusOr<Schedule> schedule = DecodeSchedule(token, &loop_start);
  if (!schedule.ok()) {
    AddError(r, {absl::StrCat("bad --schedule token: ", schedule.status().message()), r.file, 0, 0},
             nullptr);
    return r;
  }
  Replayed replayed = ReplaySchedule(*l.interp, *schedule);
  if (!replayed.error.empty()) {
    AddError(r, {replayed.error, r.file, 0, 0}, nullptr);
    return r;
  }
  if (replayed.input_error) {
    InputErrorResult(r, l, *replayed.input_error);
    return r;
  }
  r.stats.transitions = schedule->size();
  r.stats.max_depth = static_cast<int64_t>(schedule->size());
  if (loop_start) {
    // A lasso: the prefix, then one turn of the cycle, which must come back to where it began.
    Machine initial;
    l.interp->Init(initial);
    LassoResult lasso = ExamineLasso(*l.interp, initial, 0, *schedule, *loop_start,
                                     l.options.fairness);
    if (!lasso.bug) {
      AddError(r, {absl::StrCat("the schedule's cycle is not a lasso: ", lasso.why_not), r.file, 0, 0},
               nullptr);
      return r;
    }
    r.bugs.push_back(MakeBug(*l.interp, *lasso.bug, r.file));
    ConcludeScenario(r, l.options.strict);
    r.matched_expectation = true;
    return r;
  }
  for (BugOccurrence occ : replayed.last_step_bugs) {
    occ.schedule = *schedule;
    r.bugs.push_back(MakeBug(*l.interp, occ, r.file));
  }
  if (r.bugs.empty()) AddLockOrderWarnings(request, *l.interp, *schedule, replayed.final, r);
  ConcludeScenario(r, l.options.strict);
  // A replay shows what happened; it says nothing about the scenario's declared verdict.
  r.matched_expectation = true;
  return r;
}

ScenarioResult RunScenario(const CheckRequest& request, std::vector<TraceStep>* run_trace) {
  Loaded l = Load(request);
  ScenarioResult r = Start(request, l);
  r.stats.strategy = "random";
  if (r.status == ScenarioStatus::kError) return r;
  std::mt19937_64 rng(request.seed);
  Machine m;
  l.interp->Init(m);
  Schedule schedule;
  std::vector<Transition> transitions;
  std::vector<BugOccurrence> found;
  std::optional<VmEvent> input_error;
  StepOutput out;
  constexpr size_t kMaxSteps = 100'000;
  while (schedule.size() < kMaxSteps) {
    EnabledTransitions(*l.interp, m, transitions);
    if (transitions.empty()) break;
    Transition tr = transitions[rng() % transitions.size()];
    out.Clear();
    l.interp->Step(m, tr.thread, tr.choice, out);
    schedule.push_back(StepOf(tr));
    found.clear();
    EnabledTransitions(*l.interp, m, transitions);
    CheckDeadlock(*l.interp, m, transitions, found);
    if (!ExamineEvents(out, found, input_error)) {
      InputErrorResult(r, l, *input_error);
      return r;
    }
    for (BugOccurrence& occ : found) {
      occ.schedule = schedule;
      r.bugs.push_back(MakeBug(*l.interp, occ, r.file));
    }
  }
  r.stats.transitions = schedule.size();
  r.stats.max_depth = static_cast<int64_t>(schedule.size());
  r.stats.complete = schedule.size() < kMaxSteps;
  if (!r.stats.complete) r.stats.limit = "max-depth";
  if (run_trace != nullptr) {
    BugOccurrence all;
    all.schedule = schedule;
    *run_trace = MakeBug(*l.interp, all, r.file).trace;
    // The run as a whole is no bug's counterexample: no step of it is marked as deciding one
    // (each bug's own trace, a prefix of it, carries its marks).
    for (TraceStep& s : *run_trace) s.decisive = false;
  }
  ConcludeScenario(r, l.options.strict);
  r.matched_expectation = r.bugs.empty();
  return r;
}

DisasmResult DisassembleScenario(const std::string& path,
                                 const std::vector<std::string>& search_path) {
  DisasmResult result;
  CheckRequest request;
  request.path = path;
  request.search_path = search_path;
  Loaded l = Load(request);
  for (const Diagnostic& d : l.errors)
    result.rendered_errors.push_back(RenderDiagnostic(d, SourceFor(l, d)));
  if (l.program) result.listing = Disassemble(*l.program);
  return result;
}

}  // namespace lockcheck
