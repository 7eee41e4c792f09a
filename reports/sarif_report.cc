#include "reports/sarif_report.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/sarif_rules.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// RFC 3986: unreserved characters and '/' stay, every other byte is %XX (a path may hold
// spaces, '#', '%' or non-ASCII names).
std::string PercentEncode(const std::string& path) {
  std::string out;
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) out += ch;
    else out += absl::StrFormat("%%%02X", c);
  }
  return out;
}

// FNV-1a, 64 bits: a fixed function, so a fingerprint is the same in every run and on every
// machine. For the findings that have no bug id (input errors, expectations not met).
std::string Fingerprint(const std::vector<std::string>& parts) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const std::string& part : parts) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ull;
    }
    h ^= 0xff;  // a separator no UTF-8 text holds, so ("ab", "c") differs from ("a", "bc")
    h *= 0x100000001b3ull;
  }
  return absl::StrFormat("%016x", h);
}

Json Text(const std::string& s) { return Json{{"text", s}}; }

// The run's artifacts, one per file in the order first met; results point at them by index.
class Artifacts {
 public:
  explicit Artifacts(const SarifOptions& options) : options_(options) {}

  Json Location(const std::string& file) {
    Json loc = SarifArtifactLocation(file, options_);
    auto [it, added] = index_.emplace(file, static_cast<int>(list_.size()));
    if (added) {
      list_.push_back(Json{{"location", loc}, {"roles", Json::array({"analysisTarget"})},
                           {"sourceLanguage", "python"}});
    }
    loc["index"] = it->second;
    return loc;
  }

  // A physical location, with a region when the line is known (0 means unknown).
  Json Physical(const std::string& file, int32_t line, int32_t column) {
    Json p{{"artifactLocation", Location(file)}};
    if (line > 0) {
      Json region{{"startLine", line}};
      if (column > 0) region["startColumn"] = column;
      p["region"] = std::move(region);
    }
    return Json{{"physicalLocation", std::move(p)}};
  }

  Json List() const { return list_; }

 private:
  const SarifOptions& options_;
  std::map<std::string, int> index_;
  Json list_ = Json::array();
};

Json RuleJson(const SarifRule& rule) {
  std::string severity(SeverityName(rule.severity));
  return Json{
      {"id", rule.id},
      {"name", rule.name},
      {"shortDescription", Text(rule.short_description)},
      {"fullDescription", Text(rule.full_description)},
      {"help", Json{{"text", SarifRuleHelpText(rule)}, {"markdown", SarifRuleHelpMarkdown(rule)}}},
      {"defaultConfiguration", Json{{"level", severity}}},
      // GitHub reads tags, precision and problem.severity (error, warning, recommendation). A
      // model checker's finding is an interleaving that happens, hence very-high precision.
      {"properties", Json{{"tags", Json::array({"concurrency", "correctness", rule.id})},
                          {"precision", "very-high"},
                          {"problem.severity", severity}}}};
}

bool Declared(const ScenarioResult& r, BugKind kind) {
  return std::find(r.expected.begin(), r.expected.end(), kind) != r.expected.end();
}

// One thread flow per thread of the trace, by thread number; each step keeps its place in the
// whole trace as executionOrder.
Json CodeFlowJson(const Bug& b, const std::string& file, Artifacts& artifacts) {
  std::map<int32_t, Json> flows;
  std::map<int32_t, std::string> names;
  size_t cycle_from = b.loop_start && *b.loop_start >= 0 ? static_cast<size_t>(*b.loop_start)
                                                         : b.trace.size();
  for (size_t i = 0; i < b.trace.size(); ++i) {
    const TraceStep& s = b.trace[i];
    Json loc = artifacts.Physical(s.file.empty() ? file : s.file, s.line, s.column);
    loc["message"] = Text(absl::StrCat(s.op, ": ", s.outcome));
    Json step{{"location", std::move(loc)}, {"executionOrder", static_cast<int64_t>(i)}};
    Json props = Json::object();
    if (i >= cycle_from) props["cycle"] = true;
    if (!s.output.empty()) props["output"] = s.output;
    if (!props.empty()) step["properties"] = std::move(props);
    flows[s.thread].push_back(std::move(step));
    names.emplace(s.thread, s.thread_name);
  }
  Json thread_flows = Json::array();
  for (auto& [thread, locations] : flows) {
    // The id is the thread's number: names are the scenario's to choose, and may repeat.
    thread_flows.push_back(Json{{"id", absl::StrCat("thread-", thread)},
                                {"message", Text(names[thread])},
                                {"locations", std::move(locations)}});
  }
  std::string what = absl::StrCat(b.trace.size(), b.trace.size() == 1 ? " step" : " steps");
  if (cycle_from < b.trace.size()) {
    absl::StrAppend(&what, "; from executionOrder ", cycle_from,
                    " on, the steps repeat forever (the cycle of the lasso)");
  }
  return Json{{"message", Text(what)}, {"threadFlows", std::move(thread_flows)}};
}

// Where each blocked thread waits, and each acquisition that closes a lock-order cycle.
Json RelatedJson(const Bug& b, const std::string& file, Artifacts& artifacts) {
  Json related = Json::array();
  int id = 0;
  for (const ThreadState& t : b.final_state) {
    if (t.status != "blocked") continue;
    const std::string& where = t.stack.empty() ? file : t.stack.back().file;
    int32_t line = t.waits_line > 0 ? t.waits_line : (t.stack.empty() ? 0 : t.stack.back().line);
    std::string text = absl::StrCat(t.name, " is blocked in ", t.waits_on.empty() ? "?" : t.waits_on);
    if (!t.held_by.empty()) absl::StrAppend(&text, ", waiting for ", t.held_by);
    Json loc = artifacts.Physical(where.empty() ? file : where, line, 0);
    loc["id"] = ++id;
    loc["message"] = Text(text);
    related.push_back(std::move(loc));
  }
  for (const LockOrderEdge& e : b.lock_order) {
    Json loc = artifacts.Physical(file, e.line, e.column);
    loc["id"] = ++id;
    loc["message"] = Text(absl::StrCat(e.thread, " acquires ", e.acquires, " in ", e.op,
                                       " while holding ", e.holds));
    related.push_back(std::move(loc));
  }
  return related;
}

Json BugResult(const ScenarioResult& r, const Bug& b, Artifacts& artifacts) {
  std::string level(SeverityName(b.severity));
  std::string message = b.message;
  if (b.handled) message += " (handled by the scenario)";
  if (!b.replay.empty()) absl::StrAppend(&message, ". Replay: ", ReplayCommandLine(r.file, b.replay, r.profile));
  const std::string& file = b.location.file.empty() ? r.file : b.location.file;
  Json result{{"ruleId", std::string(BugKindName(b.kind))},
              {"ruleIndex", SarifRuleIndex(b.kind)},
              {"kind", "fail"},
              {"level", level},
              {"message", Text(message)},
              {"locations", Json::array({artifacts.Physical(file, b.location.line, b.location.column)})},
              {"partialFingerprints", Json{{kSarifFingerprintKey, b.id}}}};
  if (!b.trace.empty()) result["codeFlows"] = Json::array({CodeFlowJson(b, r.file, artifacts)});
  Json related = RelatedJson(b, r.file, artifacts);
  if (!related.empty()) result["relatedLocations"] = std::move(related);
  if (Declared(r, b.kind)) {
    result["suppressions"] = Json::array({Json{
        {"kind", "inSource"},
        {"status", "accepted"},
        {"justification", absl::StrCat("declared by the scenario's pragma: # lockcheck: expect=",
                                       BugKindName(b.kind))}}});
  }
  Json props{{"scenario", r.file}, {"threads", b.threads}, {"replay", b.replay},
             {"handled", b.handled}};
  if (b.loop_start) props["loopStart"] = *b.loop_start;
  result["properties"] = std::move(props);
  return result;
}

Json InputErrorResult(const ScenarioResult& r, const Diagnostic& d, const std::string& rendered,
                      Artifacts& artifacts) {
  const std::string& file = d.file.empty() ? r.file : d.file;
  Json result{{"ruleId", kInputErrorRule},
              {"ruleIndex", SarifRuleIndex(kInputErrorRule)},
              {"kind", "fail"},
              {"level", "error"},
              {"message", Text(d.message)},
              {"locations", Json::array({artifacts.Physical(file, d.line, d.column)})},
              {"partialFingerprints",
               Json{{kSarifFingerprintKey,
                     Fingerprint({kInputErrorRule, file, absl::StrCat(d.line), d.message})}}}};
  result["properties"] = Json{{"scenario", r.file}, {"rendered", rendered}};
  return result;
}

Json MissingResult(const ScenarioResult& r, BugKind kind, Artifacts& artifacts) {
  std::string name(BugKindName(kind));
  std::string message = absl::StrCat(
      "the scenario declares expect=", name, ", but none of the ", r.stats.states,
      r.stats.states == 1 ? " state" : " states", " explored shows a ", name);
  return Json{{"ruleId", kExpectedNotFoundRule},
              {"ruleIndex", SarifRuleIndex(kExpectedNotFoundRule)},
              {"kind", "fail"},
              {"level", "error"},
              {"message", Text(message)},
              {"locations", Json::array({artifacts.Physical(r.file, 1, 0)})},
              {"partialFingerprints",
               Json{{kSarifFingerprintKey, Fingerprint({kExpectedNotFoundRule, r.file, name})}}},
              {"properties", Json{{"scenario", r.file}}}};
}

Json IncompleteNotification(const ScenarioResult& r, Artifacts& artifacts) {
  std::string why = r.stats.limit.empty() ? "a bound" : r.stats.limit;
  std::string text = absl::StrCat(r.file, ": the search was stopped by ", why, " after ",
                                  r.stats.states, r.stats.states == 1 ? " state" : " states",
                                  " with no bug found; the verdict is incomplete");
  if (!r.stats.coverage.empty()) absl::StrAppend(&text, " (covered: ", r.stats.coverage, ")");
  return Json{{"level", "warning"},
              {"message", Text(text)},
              {"locations", Json::array({artifacts.Physical(r.file, 0, 0)})},
              {"descriptor", Json{{"id", "incomplete"}}},
              {"properties", Json{{"scenario", r.file}, {"limit", why}}}};
}

std::string ExitDescription(int code) {
  switch (code) {
    case 0: return "every scenario matched its expectation";
    case 1: return "a bug, or an expected bug not found";
    case 2: return "a usage error or an input error in a scenario";
    case 3: return "a bound cut a search short and nothing was found";
    default: return "unknown";
  }
}

}  // namespace

Json SarifArtifactLocation(const std::string& file, const SarifOptions& options) {
  fs::path path(file);
  if (path.is_relative()) path = fs::path(options.working_dir) / path;
  path = path.lexically_normal();
  fs::path rel = path.lexically_relative(fs::path(options.base_dir).lexically_normal());
  bool inside = !rel.empty() && *rel.begin() != ".." && rel != ".";
  if (!inside) return Json{{"uri", "file://" + PercentEncode(path.generic_string())}};
  return Json{{"uri", PercentEncode(rel.generic_string())}, {"uriBaseId", kSarifSourceRoot}};
}

nlohmann::ordered_json ReportToSarif(const RunReport& report, const SarifOptions& options) {
  Artifacts artifacts(options);
  Json rules = Json::array();
  for (const SarifRule& rule : SarifRules()) rules.push_back(RuleJson(rule));

  Json results = Json::array();
  Json notifications = Json::array();
  for (const std::string& e : options.usage_errors) {
    notifications.push_back(Json{{"level", "error"}, {"message", Text(e)},
                                 {"descriptor", Json{{"id", "usage-error"}}}});
  }
  for (const ScenarioResult& r : report.scenarios) {
    // The artifact is listed even for a scenario with nothing to say: it was analysed.
    artifacts.Location(r.file);
    if (r.status == ScenarioStatus::kError) {
      size_t n = std::max(r.errors.size(), r.rendered_errors.size());
      for (size_t i = 0; i < n; ++i) {
        Diagnostic d = i < r.errors.size() ? r.errors[i] : Diagnostic{r.rendered_errors[i], r.file};
        std::string rendered = i < r.rendered_errors.size() ? r.rendered_errors[i] : "";
        results.push_back(InputErrorResult(r, d, rendered, artifacts));
      }
      continue;
    }
    for (const Bug& b : r.bugs) results.push_back(BugResult(r, b, artifacts));
    if (r.status == ScenarioStatus::kIncomplete)
      notifications.push_back(IncompleteNotification(r, artifacts));
    // A complete search that misses a declared kind: the scenario fails on it. (An incomplete
    // one has a notification instead: it may not have reached the bug.)
    if (!r.matched_expectation && r.stats.complete) {
      for (BugKind kind : r.expected) {
        bool found = std::any_of(r.bugs.begin(), r.bugs.end(),
                                 [&](const Bug& b) { return b.kind == kind; });
        if (!found) results.push_back(MissingResult(r, kind, artifacts));
      }
    }
  }

  Json invocation{{"executionSuccessful", options.usage_errors.empty()},
                  {"exitCode", options.exit_code},
                  {"exitCodeDescription", ExitDescription(options.exit_code)}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json driver{{"name", report.tool},
              {"version", report.version},
              {"semanticVersion", report.version},
              {"rules", std::move(rules)}};
  Json run{{"tool", Json{{"driver", std::move(driver)}}},
           {"invocations", Json::array({std::move(invocation)})},
           {"artifacts", artifacts.List()},
           {"results", std::move(results)},
           {"columnKind", "unicodeCodePoints"},
           {"properties", Json{{"options", report.options.is_null() ? Json::object()
                                                                    : report.options}}}};
  return Json{{"$schema", kSarifSchemaUri}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
}

std::string RenderSarif(const RunReport& report, const SarifOptions& options) {
  return ReportToSarif(report, options)
             .dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) +
         "\n";
}

}  // namespace lockcheck
