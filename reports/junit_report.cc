#include "reports/junit_report.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

// How many bytes the UTF-8 sequence at s[i] takes and the code point, or 0 when it is not
// well-formed (overlong forms, surrogates and values past U+10FFFF included).
size_t DecodeUtf8(const std::string& s, size_t i, uint32_t* cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    v = (v << 6) | (cc & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

enum class Verdict { kPassed, kFailed, kError, kSkipped };

// As the exit status and RenderSummary count: an input error first, then a matched
// expectation, then a search cut short.
Verdict VerdictOf(const ScenarioResult& r) {
  if (r.status == ScenarioStatus::kError) return Verdict::kError;
  if (r.matched_expectation) return Verdict::kPassed;
  if (r.status == ScenarioStatus::kIncomplete) return Verdict::kSkipped;
  return Verdict::kFailed;
}

std::string Seconds(double s, bool include_timing) {
  return absl::StrFormat("%.3f", include_timing ? s : 0.0);
}

std::string Attr(const std::string& name, const std::string& value) {
  return absl::StrCat(" ", name, "=\"", XmlEscape(value, /*attribute=*/true), "\"");
}

bool Declared(const ScenarioResult& r, BugKind kind) {
  return std::find(r.expected.begin(), r.expected.end(), kind) != r.expected.end();
}

// type and message of a failing scenario's <failure>.
std::pair<std::string, std::string> FailureOf(const ScenarioResult& r) {
  std::vector<const Bug*> unexpected;
  for (const Bug& b : r.bugs)
    if (!Declared(r, b.kind)) unexpected.push_back(&b);
  // An error outranks a warning: it is what fails the scenario without --strict.
  std::stable_sort(unexpected.begin(), unexpected.end(), [](const Bug* a, const Bug* b) {
    return a->severity == Severity::kError && b->severity != Severity::kError;
  });
  if (!unexpected.empty()) {
    const Bug& first = *unexpected.front();
    std::string message = first.message;
    if (unexpected.size() > 1) {
      std::vector<std::string> rest;
      for (size_t i = 1; i < unexpected.size(); ++i)
        rest.emplace_back(BugKindName(unexpected[i]->kind));
      absl::StrAppend(&message, " (and ", unexpected.size() - 1, " more: ",
                      absl::StrJoin(rest, ", "), ")");
    }
    return {std::string(BugKindName(first.kind)), message};
  }
  std::vector<std::string> missing;
  for (BugKind kind : r.expected) {
    bool found = std::any_of(r.bugs.begin(), r.bugs.end(),
                             [&](const Bug& b) { return b.kind == kind; });
    if (!found) missing.emplace_back(BugKindName(kind));
  }
  return {"expected-bug-not-found",
          absl::StrCat("expected ", missing.empty() ? "?" : absl::StrJoin(missing, ", "),
                       ", but none of the ", r.stats.states,
                       r.stats.states == 1 ? " state" : " states", " explored shows it")};
}

std::string TestcaseXml(const ScenarioResult& r, const JunitOptions& options) {
  namespace fs = std::filesystem;
  std::string out =
      absl::StrCat("    <testcase", Attr("classname", JunitClassname(r.file)),
                   Attr("name", fs::path(r.file).stem().string()), Attr("file", r.file),
                   Attr("time", Seconds(r.stats.seconds, options.include_timing)));
  std::string body;
  const std::string text = RenderText(r, TextOptions{});
  switch (VerdictOf(r)) {
    case Verdict::kError: {
      std::string first = r.errors.empty() ? "input error" : r.errors.front().message;
      body = absl::StrCat("      <error", Attr("type", "input-error"), Attr("message", first), ">",
                          XmlEscape(text, false), "</error>\n");
      break;
    }
    case Verdict::kFailed: {
      auto [type, message] = FailureOf(r);
      body = absl::StrCat("      <failure", Attr("type", type), Attr("message", message), ">",
                          XmlEscape(text, false), "</failure>\n");
      break;
    }
    case Verdict::kSkipped: {
      std::string why = absl::StrCat(
          "the search was stopped by ", r.stats.limit.empty() ? "a bound" : r.stats.limit,
          " after ", r.stats.states, r.stats.states == 1 ? " state" : " states",
          !CutByTime(r.stats) || r.bugs.empty() ? " with no bug found"
                         : absl::StrCat("; found before the limit: ", r.bugs.size(),
                                        r.bugs.size() == 1 ? " bug" : " bugs",
                                        " (listed), but a run cut by the clock gives no verdict"));
      body = absl::StrCat("      <skipped", Attr("message", why), ">", XmlEscape(text, false),
                          "</skipped>\n");
      break;
    }
    case Verdict::kPassed:
      // Declared bugs and warnings that do not count: the trace is still worth keeping.
      if (!r.bugs.empty())
        body = absl::StrCat("      <system-out>", XmlEscape(text, false), "</system-out>\n");
      break;
  }
  if (body.empty()) return out + "/>\n";
  return absl::StrCat(out, ">\n", body, "    </testcase>\n");
}

// The run's options as <property> elements, strings bare and everything else as JSON.
std::string PropertiesXml(const nlohmann::ordered_json& options) {
  if (!options.is_object() || options.empty()) return "";
  std::string out = "    <properties>\n";
  for (auto it = options.begin(); it != options.end(); ++it) {
    std::string value = it.value().is_string()
                            ? it.value().get<std::string>()
                            : it.value().dump(-1, ' ', false,
                                              nlohmann::ordered_json::error_handler_t::replace);
    absl::StrAppend(&out, "      <property", Attr("name", it.key()), Attr("value", value), "/>\n");
  }
  return out + "    </properties>\n";
}

}  // namespace

std::string XmlEscape(const std::string& s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid sequence
      ++i;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      // Kept as characters in text; in an attribute a parser would normalise them to spaces.
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\r': out += "&#13;"; break;  // a parser would turn a bare CR into LF
      default:
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
          // XML 1.0 cannot hold C0 controls at all, and discourages C1: shown as Python's
          // repr shows them, as the text report does.
          out += absl::StrFormat("\\x%02x", cp);
        } else if (cp == 0xFFFE || cp == 0xFFFF) {
          out += "\xEF\xBF\xBD";
        } else {
          out.append(s, i, len);
        }
    }
    i += len;
  }
  return out;
}

std::string JunitClassname(const std::string& file) {
  std::vector<std::string> parts;
  for (const auto& part : std::filesystem::path(file).lexically_normal().parent_path()) {
    std::string p = part.string();
    if (p.empty() || p == "/" || p == "." || p == "..") continue;
    parts.push_back(p);
  }
  return parts.empty() ? "lockcheck" : absl::StrJoin(parts, ".");
}

std::string RenderJunit(const RunReport& report, const JunitOptions& options) {
  size_t failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  std::string cases;
  for (const ScenarioResult& r : report.scenarios) {
    switch (VerdictOf(r)) {
      case Verdict::kFailed: ++failures; break;
      case Verdict::kError: ++errors; break;
      case Verdict::kSkipped: ++skipped; break;
      case Verdict::kPassed: break;
    }
    seconds += r.stats.seconds;
    cases += TestcaseXml(r, options);
  }
  std::string counts =
      absl::StrCat(Attr("tests", absl::StrCat(report.scenarios.size())),
                   Attr("failures", absl::StrCat(failures)), Attr("errors", absl::StrCat(errors)),
                   Attr("skipped", absl::StrCat(skipped)),
                   Attr("time", Seconds(seconds, options.include_timing)));
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites",
                      Attr("name", report.tool), counts, ">\n  <testsuite",
                      Attr("name", report.tool), counts, ">\n", PropertiesXml(report.options),
                      cases, "  </testsuite>\n</testsuites>\n");
}

}  // namespace lockcheck
