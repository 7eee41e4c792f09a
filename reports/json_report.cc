#include "reports/json_report.h"

#include <vector>

namespace lockcheck {
namespace {

using Json = nlohmann::ordered_json;

// Optional strings are "" in the result model and null in the report.
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json LocationJson(const Location& l) {
  return Json{{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

Json StepJson(const TraceStep& s) {
  Json j{{"thread", s.thread},       {"thread_name", s.thread_name},
              {"op", s.op},               {"line", s.line},
              {"column", s.column},       {"outcome", s.outcome},
              {"output", Json(s.output)},
              // Added in 0.1: what the step touched, and whether it decides the bug.
              {"access", OrNull(s.access)},
              {"target", OrNull(s.target)},
              {"decisive", s.decisive},
              {"holds", Json(s.holds)},
              {"blocked", Json(s.blocked)}};
  // Added with user modules: the file of a step in an imported module (absent otherwise).
  if (!s.file.empty()) j["file"] = s.file;
  return j;
}

Json ThreadStateJson(const ThreadState& t) {
  Json stack = Json::array();
  for (const StackFrame& f : t.stack)
    stack.push_back(Json{{"function", f.function}, {"file", f.file}, {"line", f.line}});
  return Json{{"thread", t.thread},
              {"name", t.name},
              {"status", t.status},
              {"daemon", t.daemon},
              {"waits_on", OrNull(t.waits_on)},
              // 0 is "no line" in the model (only blocked threads wait somewhere).
              {"waits_line", t.waits_line > 0 ? Json(t.waits_line) : Json(nullptr)},
              {"held_by", OrNull(t.held_by)},
              {"stack", std::move(stack)}};
}

Json WaitEdgeJson(const WaitEdge& e) {
  return Json{{"thread", e.thread},
              {"waits_on", e.waits_on},
              {"line", e.line},
              {"held_by", OrNull(e.held_by)}};
}

Json LockOrderEdgeJson(const LockOrderEdge& e) {
  return Json{{"thread", e.thread}, {"holds", e.holds}, {"acquires", e.acquires},
              {"op", e.op},         {"line", e.line},   {"column", e.column}};
}

Json BugJson(const Bug& b) {
  Json steps = Json::array();
  for (const TraceStep& s : b.trace) steps.push_back(StepJson(s));
  Json trace = Json{{"steps", std::move(steps)}};
  if (b.loop_start) trace["loop_start"] = *b.loop_start;
  Json final_state = Json::array();
  for (const ThreadState& t : b.final_state) final_state.push_back(ThreadStateJson(t));
  // Always arrays, empty where they do not apply, so a consumer needs no presence test.
  Json wait_graph = Json::array();
  for (const WaitEdge& e : b.wait_graph) wait_graph.push_back(WaitEdgeJson(e));
  Json lock_order = Json::array();
  for (const LockOrderEdge& e : b.lock_order) lock_order.push_back(LockOrderEdgeJson(e));
  return Json{{"id", b.id},
              {"kind", std::string(BugKindName(b.kind))},
              {"severity", std::string(SeverityName(b.severity))},
              {"message", b.message},
              {"location", LocationJson(b.location)},
              {"threads", Json(b.threads)},
              {"handled", b.handled},
              {"trace", std::move(trace)},
              {"final_state", std::move(final_state)},
              {"wait_for", OrNull(b.wait_for)},
              {"wait_graph", std::move(wait_graph)},
              {"wait_cycle", Json(b.wait_cycle)},
              {"lock_order", std::move(lock_order)},
              {"replay", b.replay},
              {"decisive", OrNull(b.decisive)}};
}

Json StatsJson(const Stats& s, bool include_timing) {
  // A double, as benchmarks compare it across encodings to a tenth of a byte.
  double bytes_per_state =
      s.states == 0 ? 0.0 : static_cast<double>(s.store_bytes) / static_cast<double>(s.states);
  Json stats{{"states", s.states},
              {"transitions", s.transitions},
              {"max_depth", s.max_depth},
              {"seconds", include_timing ? s.seconds : 0.0},
              {"peak_memory_bytes", include_timing ? s.peak_memory_bytes : uint64_t{0}},
              {"store_bytes", s.store_bytes},
              {"bytes_per_state", bytes_per_state},
              {"collision_odds", s.collision_odds},
              {"reduced_states", s.reduced_states},
              {"complete", s.complete},
              {"limit", OrNull(s.limit)},
              {"strategy", s.strategy},
              {"search_order", OrNull(s.search_order)},
              {"coverage", OrNull(s.coverage)}};
  // Added within lockcheck-report/1, where the figure matters: a search that did not finish,
  // or one the estimate says cannot.
  if (s.estimated_states > 0 && (!s.complete || !s.predicted_limit.empty())) {
    stats["estimate"] = Json{{"states", s.estimated_states},
                             {"at_least", s.estimate_at_least},
                             {"walks", s.estimate_walks},
                             {"predicted_limit", OrNull(s.predicted_limit)},
                             {"predicted_seconds", include_timing ? s.predicted_seconds : 0.0}};
  }
  // Added within lockcheck-report/1: a swarm member's number and the swarm's size, or the
  // members a merged report joined (checker/swarm.h).
  if (s.swarm_members > 0) {
    Json swarm{{"members", s.swarm_members}};
    if (s.swarm_member > 0) swarm["member"] = s.swarm_member;
    else swarm["merged"] = s.swarm_merged;
    stats["swarm"] = std::move(swarm);
  }
  // Added within lockcheck-report/1: a distributed search's share of each rank, by rank
  // (checker/distributed.h); run figures, as they depend on the number of ranks.
  if (!s.ranks.empty()) {
    Json states = Json::array(), sent = Json::array(), messages = Json::array(),
         bytes = Json::array();
    for (const RankShare& r : s.ranks) {
      states.push_back(r.states);
      sent.push_back(r.states_sent);
      messages.push_back(r.messages);
      bytes.push_back(r.bytes_sent);
    }
    stats["distributed"] = Json{{"ranks", s.ranks.size()},
                                {"states", std::move(states)},
                                {"states_sent", std::move(sent)},
                                {"messages", std::move(messages)},
                                {"bytes_sent", std::move(bytes)}};
  }
  return stats;
}

Json ScenarioJson(const ScenarioResult& r, bool include_timing) {
  Json expected = Json::array();
  for (BugKind k : r.expected) expected.push_back(std::string(BugKindName(k)));
  Json bugs = Json::array();
  for (const Bug& b : r.bugs) bugs.push_back(BugJson(b));
  Json errors = Json::array();
  for (const Diagnostic& d : r.errors) {
    errors.push_back(
        Json{{"message", d.message}, {"file", d.file}, {"line", d.line}, {"column", d.column}});
  }
  return Json{{"file", r.file},
              {"description", r.description},
              {"status", std::string(ScenarioStatusName(r.status))},
              {"expected", std::move(expected)},
              {"profile", r.profile},
              {"matched_expectation", r.matched_expectation},
              {"stats", StatsJson(r.stats, include_timing)},
              {"bugs", std::move(bugs)},
              {"errors", std::move(errors)}};
}

}  // namespace

nlohmann::ordered_json ReportToJson(const RunReport& report, bool include_timing) {
  Json scenarios = Json::array();
  for (const ScenarioResult& r : report.scenarios)
    scenarios.push_back(ScenarioJson(r, include_timing));
  return Json{{"schema", kReportSchema},
              {"tool", Json{{"name", report.tool}, {"version", report.version}}},
              {"options", report.options.is_null() ? Json::object() : report.options},
              {"scenarios", std::move(scenarios)}};
}

std::string RenderJson(const RunReport& report, bool include_timing) {
  return ReportToJson(report, include_timing)
             .dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) +
         "\n";
}

}  // namespace lockcheck
