#include "reports/json_reader.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "reports/json_report.h"

namespace lockcheck {
namespace {

using Json = nlohmann::ordered_json;

// A malformed document: thrown inside the reader only, caught at its entry point and turned
// into a status naming the JSON path where the problem is.
struct Malformed {
  std::string message;
};

// A cursor into the document that knows its own path ("scenarios[2].bugs[0].kind").
class Node {
 public:
  Node(const Json& json, std::string path) : json_(json), path_(std::move(path)) {}

  Node operator[](absl::string_view key) const {
    if (!json_.is_object()) Fail("an object");
    auto it = json_.find(std::string(key));
    std::string path = path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
    if (it == json_.end()) throw Malformed{absl::StrCat(path, ": missing")};
    return Node(*it, std::move(path));
  }
  bool Has(absl::string_view key) const {
    return json_.is_object() && json_.contains(std::string(key));
  }
  bool IsNull() const { return json_.is_null(); }

  // Each element of an array.
  template <typename F>
  void Each(F f) const {
    if (!json_.is_array()) Fail("an array");
    for (size_t i = 0; i < json_.size(); ++i) f(Node(json_[i], absl::StrCat(path_, "[", i, "]")));
  }

  std::string Str() const {
    if (!json_.is_string()) Fail("a string");
    return json_.get<std::string>();
  }
  // Optional strings are null in the report and "" in the result model.
  std::string StrOrNull() const { return json_.is_null() ? std::string() : Str(); }
  bool Bool() const {
    if (!json_.is_boolean()) Fail("true or false");
    return json_.get<bool>();
  }
  int32_t Int32() const {
    if (!json_.is_number_integer()) Fail("an integer");
    int64_t v = json_.get<int64_t>();
    if (v < INT32_MIN || v > INT32_MAX) Fail("a 32-bit integer");
    return static_cast<int32_t>(v);
  }
  int64_t Int64() const {
    if (!json_.is_number_integer()) Fail("an integer");
    return json_.get<int64_t>();
  }
  uint64_t UInt64() const {
    if (!json_.is_number_unsigned() && !(json_.is_number_integer() && json_.get<int64_t>() >= 0))
      Fail("a non-negative integer");
    return json_.get<uint64_t>();
  }
  double Number() const {
    if (!json_.is_number()) Fail("a number");
    return json_.get<double>();
  }
  std::vector<std::string> Strings() const {
    std::vector<std::string> out;
    Each([&](const Node& n) { out.push_back(n.Str()); });
    return out;
  }
  const Json& json() const { return json_; }
  [[noreturn]] void Fail(absl::string_view wanted) const {
    throw Malformed{absl::StrCat(path_.empty() ? "the document" : path_, ": expected ", wanted)};
  }

 private:
  const Json& json_;
  std::string path_;
};

BugKind KindOf(const Node& n) {
  std::optional<BugKind> k = BugKindFromName(n.Str());
  if (!k) n.Fail("a bug kind");
  return *k;
}

Location LocationOf(const Node& n) {
  return Location{n["file"].Str(), n["line"].Int32(), n["column"].Int32()};
}

TraceStep StepOf(const Node& n) {
  TraceStep s;
  s.thread = n["thread"].Int32();
  s.thread_name = n["thread_name"].Str();
  s.op = n["op"].Str();
  s.line = n["line"].Int32();
  s.column = n["column"].Int32();
  if (n.Has("file")) s.file = n["file"].Str();
  s.outcome = n["outcome"].Str();
  s.output = n["output"].Strings();
  s.access = n["access"].StrOrNull();
  s.target = n["target"].StrOrNull();
  s.decisive = n["decisive"].Bool();
  s.holds = n["holds"].Strings();
  n["blocked"].Each([&](const Node& t) { s.blocked.push_back(t.Int32()); });
  return s;
}

ThreadState ThreadStateOf(const Node& n) {
  ThreadState t;
  t.thread = n["thread"].Int32();
  t.name = n["name"].Str();
  t.status = n["status"].Str();
  t.daemon = n["daemon"].Bool();
  t.waits_on = n["waits_on"].StrOrNull();
  t.waits_line = n["waits_line"].IsNull() ? 0 : n["waits_line"].Int32();
  t.held_by = n["held_by"].StrOrNull();
  n["stack"].Each([&](const Node& f) {
    t.stack.push_back(StackFrame{f["function"].Str(), f["file"].Str(), f["line"].Int32()});
  });
  return t;
}

Bug BugOf(const Node& n) {
  Bug b;
  b.id = n["id"].Str();
  b.kind = KindOf(n["kind"]);
  std::string severity = n["severity"].Str();
  if (severity == SeverityName(Severity::kError)) b.severity = Severity::kError;
  else if (severity == SeverityName(Severity::kWarning)) b.severity = Severity::kWarning;
  else n["severity"].Fail("\"error\" or \"warning\"");
  b.message = n["message"].Str();
  b.location = LocationOf(n["location"]);
  b.threads = n["threads"].Strings();
  b.handled = n["handled"].Bool();
  Node trace = n["trace"];
  trace["steps"].Each([&](const Node& s) { b.trace.push_back(StepOf(s)); });
  if (trace.Has("loop_start")) b.loop_start = trace["loop_start"].Int32();
  n["final_state"].Each([&](const Node& t) { b.final_state.push_back(ThreadStateOf(t)); });
  b.wait_for = n["wait_for"].StrOrNull();
  n["wait_graph"].Each([&](const Node& e) {
    b.wait_graph.push_back(
        WaitEdge{e["thread"].Str(), e["waits_on"].Str(), e["line"].Int32(), e["held_by"].StrOrNull()});
  });
  b.wait_cycle = n["wait_cycle"].Strings();
  n["lock_order"].Each([&](const Node& e) {
    b.lock_order.push_back(LockOrderEdge{e["thread"].Str(), e["holds"].Str(), e["acquires"].Str(),
                                         e["op"].Str(), e["line"].Int32(), e["column"].Int32()});
  });
  b.replay = n["replay"].Str();
  b.decisive = n["decisive"].StrOrNull();
  return b;
}

Stats StatsOf(const Node& n) {
  Stats s;
  s.states = n["states"].UInt64();
  s.transitions = n["transitions"].UInt64();
  s.max_depth = n["max_depth"].Int64();
  s.seconds = n["seconds"].Number();
  s.peak_memory_bytes = n["peak_memory_bytes"].UInt64();
  s.store_bytes = n["store_bytes"].UInt64();
  s.collision_odds = n["collision_odds"].Number();
  s.reduced_states = n["reduced_states"].UInt64();
  s.complete = n["complete"].Bool();
  s.limit = n["limit"].StrOrNull();
  s.strategy = n["strategy"].Str();
  s.search_order = n["search_order"].StrOrNull();
  s.coverage = n["coverage"].StrOrNull();
  if (n.Has("estimate")) {
    const Node e = n["estimate"];
    s.estimated_states = e["states"].Number();
    s.estimate_at_least = e["at_least"].Bool();
    s.estimate_walks = e["walks"].UInt64();
    s.predicted_limit = e["predicted_limit"].StrOrNull();
    s.predicted_seconds = e["predicted_seconds"].Number();
  }
  if (n.Has("swarm")) {
    const Node w = n["swarm"];
    s.swarm_members = w["members"].Int32();
    if (w.Has("member")) {
      s.swarm_member = w["member"].Int32();
    } else {
      w["merged"].Each([&](const Node& m) { s.swarm_merged.push_back(m.Int32()); });
    }
  }
  if (n.Has("distributed")) {
    const Node d = n["distributed"];
    s.ranks.resize(d["ranks"].UInt64());
    const auto column = [&](const char* name, uint64_t RankShare::*field) {
      size_t i = 0;
      d[name].Each([&](const Node& v) {
        if (i < s.ranks.size()) s.ranks[i].*field = v.UInt64();
        ++i;
      });
      if (i != s.ranks.size()) d[name].Fail(absl::StrCat(s.ranks.size(), " figures, one for each rank"));
    };
    column("states", &RankShare::states);
    column("states_sent", &RankShare::states_sent);
    column("messages", &RankShare::messages);
    column("bytes_sent", &RankShare::bytes_sent);
  }
  return s;
}

ScenarioStatus StatusOf(const Node& n) {
  std::string name = n.Str();
  for (ScenarioStatus s : {ScenarioStatus::kPass, ScenarioStatus::kFail, ScenarioStatus::kError,
                           ScenarioStatus::kIncomplete}) {
    if (name == ScenarioStatusName(s)) return s;
  }
  n.Fail("\"pass\", \"fail\", \"error\" or \"incomplete\"");
}

ScenarioResult ScenarioOf(const Node& n) {
  ScenarioResult r;
  r.file = n["file"].Str();
  r.description = n["description"].Str();
  r.status = StatusOf(n["status"]);
  n["expected"].Each([&](const Node& k) { r.expected.push_back(KindOf(k)); });
  // Added within lockcheck-report/1: a report written before it was checked under "language".
  if (n.Has("profile")) r.profile = n["profile"].Str();
  r.matched_expectation = n["matched_expectation"].Bool();
  r.stats = StatsOf(n["stats"]);
  n["bugs"].Each([&](const Node& b) { r.bugs.push_back(BugOf(b)); });
  n["errors"].Each([&](const Node& e) {
    Diagnostic d{e["message"].Str(), e["file"].Str(), e["line"].Int32(), e["column"].Int32()};
    r.rendered_errors.push_back(RenderDiagnostic(d, nullptr));
    r.errors.push_back(std::move(d));
  });
  return r;
}

}  // namespace

absl::StatusOr<RunReport> ReadJsonReport(absl::string_view text, absl::string_view origin) {
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": not a JSON document"));
  }
  try {
    Node root(doc, "");
    std::string schema = root["schema"].Str();
    if (schema != kReportSchema) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": a \"", schema,
                                                     "\" report; this lockcheck reads \"",
                                                     kReportSchema, "\""));
    }
    RunReport report;
    report.tool = root["tool"]["name"].Str();
    report.version = root["tool"]["version"].Str();
    if (!root["options"].json().is_object()) root["options"].Fail("an object");
    report.options = root["options"].json();
    root["scenarios"].Each([&](const Node& s) { report.scenarios.push_back(ScenarioOf(s)); });
    return report;
  } catch (const Malformed& m) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", m.message));
  }
}

}  // namespace lockcheck
