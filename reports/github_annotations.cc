#include "reports/github_annotations.h"

#include "absl/strings/str_cat.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

std::string Escape(absl::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

std::string Command(absl::string_view level, absl::string_view file, int32_t line,
                    int32_t column, absl::string_view title, absl::string_view message) {
  std::string out = absl::StrCat("::", level, " file=", Escape(file, true));
  if (line > 0) absl::StrAppend(&out, ",line=", line);
  if (line > 0 && column > 0) absl::StrAppend(&out, ",col=", column);
  absl::StrAppend(&out, ",title=", Escape(title, true), "::", Escape(message, false), "\n");
  return out;
}

}  // namespace

std::string RenderGithubAnnotations(const ScenarioResult& r) {
  std::string out;
  if (r.status == ScenarioStatus::kError) {
    for (const Diagnostic& d : r.errors) {
      out += Command("error", d.file.empty() ? r.file : d.file, d.line, d.column,
                     "lockcheck input error", d.message);
    }
    return out;
  }
  if (r.matched_expectation) return out;
  if (r.bugs.empty()) {
    // A declared bug that no interleaving shows, or a search cut short.
    out += Command(r.status == ScenarioStatus::kIncomplete ? "warning" : "error", r.file, 0, 0,
                   "lockcheck",
                   r.status == ScenarioStatus::kIncomplete
                       ? absl::StrCat("search incomplete (", r.stats.limit, "); no bug found")
                       : "the bug this scenario declares was not found");
    return out;
  }
  for (const Bug& b : r.bugs) {
    std::string message = b.message;
    if (!b.replay.empty()) {
      absl::StrAppend(&message, "\nreplay: ", ReplayCommandLine(r.file, b.replay, r.profile));
    }
    out += Command(b.severity == Severity::kWarning ? "warning" : "error",
                   b.location.file.empty() ? r.file : b.location.file, b.location.line,
                   b.location.column, absl::StrCat("lockcheck ", BugKindName(b.kind)), message);
  }
  return out;
}

}  // namespace lockcheck
