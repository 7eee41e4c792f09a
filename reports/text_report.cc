#include "reports/text_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace lockcheck {
namespace {

std::string Thousands(uint64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string KindList(const std::vector<BugKind>& kinds) {
  if (kinds.empty()) return "pass";
  std::vector<std::string> names;
  for (BugKind k : kinds) names.emplace_back(BugKindName(k));
  return absl::StrJoin(names, ", ");
}

std::string StatsLine(const Stats& s, bool timing) {
  std::string line = absl::StrCat("  explored ", Thousands(s.states), " states, ",
                                  Thousands(s.transitions), " transitions, depth ", s.max_depth,
                                  ", ", s.complete ? "complete" : "stopped by " + s.limit);
  if (timing) absl::StrAppendFormat(&line, ", %.2f s", s.seconds);
  return line + "\n";
}

}  // namespace

std::string RenderTrace(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start) {
  size_t name_width = 0, op_width = 0;
  for (const TraceStep& s : steps) {
    name_width = std::max(name_width, s.thread_name.size());
    op_width = std::max(op_width, std::min<size_t>(s.op.size(), 48));
  }
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (loop_start && static_cast<int32_t>(i) == *loop_start)
      out += "    -- cycle starts here, repeats forever --\n";
    const TraceStep& s = steps[i];
    std::string op = s.op.size() > 48 ? s.op.substr(0, 45) + "..." : s.op;
    absl::StrAppendFormat(&out, "  %4d  %-*s  %-*s  line %-4d %s\n", i + 1, name_width,
                          s.thread_name, op_width, op, s.line, s.outcome);
    for (const std::string& line : s.output) absl::StrAppend(&out, "          | ", line, "\n");
  }
  if (loop_start) out += "    -- (cycle repeats) --\n";
  return out;
}

std::string RenderBug(const Bug& bug, const std::string& file) {
  std::string out = absl::StrCat(BugKindName(bug.kind), ": ", bug.message,
                                 bug.handled ? " (handled by the scenario)" : "", "\n");
  absl::StrAppend(&out, "  at ", bug.location.file, ":", bug.location.line, ":",
                  bug.location.column, "\n");
  absl::StrAppend(&out, "  trace (", bug.trace.size(), " steps):\n");
  out += RenderTrace(bug.trace, bug.loop_start);
  if (!bug.final_state.empty()) {
    out += "  final state:\n";
    size_t width = 0;
    for (const ThreadState& t : bug.final_state) width = std::max(width, t.name.size());
    for (const ThreadState& t : bug.final_state) {
      std::string what = t.status;
      if (t.status == "blocked") {
        what = absl::StrCat("blocked in ", t.waits_on, " (line ", t.waits_line, ")");
        if (!t.held_by.empty()) {
          bool join = t.waits_on.find(".join(") != std::string::npos;
          absl::StrAppend(&what, join ? ", waiting for " : ", held by ", t.held_by);
        }
      }
      if (t.daemon) what += " [daemon]";
      absl::StrAppendFormat(&out, "    %-*s  %s\n", width, t.name, what);
      for (const StackFrame& f : t.stack) {
        absl::StrAppendFormat(&out, "        File \"%s\", line %d, in %s\n", f.file, f.line,
                              f.function);
      }
    }
  }
  if (!bug.wait_for.empty()) absl::StrAppend(&out, "  wait-for cycle: ", bug.wait_for, "\n");
  absl::StrAppend(&out, "  replay: lockcheck replay ", file, " --schedule ", bug.replay, "\n");
  return out;
}

std::string RenderText(const ScenarioResult& r, const TextOptions& options) {
  std::string out;
  const std::string& f = r.file;
  switch (r.status) {
    case ScenarioStatus::kError:
      out = absl::StrCat(f, ": ERROR (the scenario could not be checked)\n");
      if (!options.quiet)
        for (const std::string& e : r.rendered_errors) out += e;
      return out;
    case ScenarioStatus::kPass:
      out = absl::StrCat(f, ": ", r.matched_expectation ? "ok" : "FAIL", " (",
                         Thousands(r.stats.states), " states, complete",
                         r.matched_expectation ? "" : "; expected: " + KindList(r.expected),
                         ")\n");
      if (options.verbose && !options.quiet) out += StatsLine(r.stats, true);
      return out;
    case ScenarioStatus::kIncomplete:
      out = absl::StrCat(f, ": INCOMPLETE (stopped by ", r.stats.limit, "; no bug found in ",
                         Thousands(r.stats.states), " states)\n");
      if (!options.quiet) out += StatsLine(r.stats, options.verbose);
      return out;
    case ScenarioStatus::kFail:
      break;
  }
  std::vector<BugKind> found;
  for (const Bug& b : r.bugs)
    if (std::find(found.begin(), found.end(), b.kind) == found.end()) found.push_back(b.kind);
  if (r.matched_expectation) {
    out = absl::StrCat(f, ": ok (found the expected ", KindList(found), ")\n");
  } else {
    out = absl::StrCat(f, ": FAIL (", r.bugs.size(), r.bugs.size() == 1 ? " bug" : " bugs",
                       "; expected: ", KindList(r.expected), ")\n");
  }
  if (options.quiet) return out;
  out += StatsLine(r.stats, options.verbose);
  for (const Bug& b : r.bugs) {
    out += "\n";
    out += RenderBug(b, f);
  }
  out += "\n";
  return out;
}

std::string RenderSummary(const std::vector<ScenarioResult>& results) {
  int ok = 0, failed = 0, errors = 0, incomplete = 0;
  for (const ScenarioResult& r : results) {
    if (r.status == ScenarioStatus::kError) ++errors;
    else if (r.status == ScenarioStatus::kIncomplete && !r.matched_expectation) ++incomplete;
    else if (r.matched_expectation) ++ok;
    else ++failed;
  }
  return absl::StrCat(results.size(), results.size() == 1 ? " scenario: " : " scenarios: ", ok,
                      " ok, ", failed, " failed, ", errors, errors == 1 ? " error, " : " errors, ",
                      incomplete, " incomplete\n");
}

}  // namespace lockcheck
