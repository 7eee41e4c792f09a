#include "reports/json_report.h"

namespace lockcheck {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json LocationJson(const Location& l) {
  return Json{{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

Json BugJson(const Bug& b) {
  Json steps = Json::array();
  for (const TraceStep& s : b.trace) {
    steps.push_back(Json{{"thread", s.thread},
                         {"thread_name", s.thread_name},
                         {"op", s.op},
                         {"line", s.line},
                         {"column", s.column},
                         {"outcome", s.outcome},
                         {"output", s.output}});
  }
  Json trace{{"steps", steps}};
  if (b.loop_start) trace["loop_start"] = *b.loop_start;
  Json final_state = Json::array();
  for (const ThreadState& t : b.final_state) {
    Json stack = Json::array();
    for (const StackFrame& f : t.stack)
      stack.push_back(Json{{"function", f.function}, {"file", f.file}, {"line", f.line}});
    final_state.push_back(Json{{"thread", t.thread},
                               {"name", t.name},
                               {"status", t.status},
                               {"daemon", t.daemon},
                               {"waits_on", OrNull(t.waits_on)},
                               {"waits_line", t.waits_line > 0 ? Json(t.waits_line) : Json(nullptr)},
                               {"held_by", OrNull(t.held_by)},
                               {"stack", stack}});
  }
  return Json{{"id", b.id},
              {"kind", std::string(BugKindName(b.kind))},
              {"severity", std::string(SeverityName(b.severity))},
              {"message", b.message},
              {"location", LocationJson(b.location)},
              {"threads", b.threads},
              {"handled", b.handled},
              {"trace", trace},
              {"final_state", final_state},
              {"wait_for", OrNull(b.wait_for)},
              {"replay", b.replay}};
}

Json ScenarioJson(const ScenarioResult& r, bool include_timing) {
  Json expected = Json::array();
  for (BugKind k : r.expected) expected.push_back(std::string(BugKindName(k)));
  const Stats& s = r.stats;
  Json stats{{"states", s.states},
             {"transitions", s.transitions},
             {"max_depth", s.max_depth},
             {"seconds", include_timing ? s.seconds : 0.0},
             {"peak_memory_bytes", include_timing ? s.peak_memory_bytes : 0},
             {"store_bytes", s.store_bytes},
             {"bytes_per_state", s.states == 0 ? 0.0 : static_cast<double>(s.store_bytes) /
                                                          static_cast<double>(s.states)},
             {"complete", s.complete},
             {"limit", OrNull(s.limit)},
             {"strategy", s.strategy}};
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
              {"expected", expected},
              {"matched_expectation", r.matched_expectation},
              {"stats", stats},
              {"bugs", bugs},
              {"errors", errors}};
}

}  // namespace

nlohmann::ordered_json ReportToJson(const RunReport& report, bool include_timing) {
  Json scenarios = Json::array();
  for (const ScenarioResult& r : report.scenarios) scenarios.push_back(ScenarioJson(r, include_timing));
  return Json{{"schema", kReportSchema},
              {"tool", Json{{"name", report.tool}, {"version", report.version}}},
              {"options", report.options},
              {"scenarios", scenarios}};
}

std::string RenderJson(const RunReport& report, bool include_timing) {
  return ReportToJson(report, include_timing).dump(2) + "\n";
}

}  // namespace lockcheck
