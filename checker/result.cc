#include "checker/result.h"

#include <iterator>

namespace lockcheck {
namespace {

// The one table of bug-kind names: reports, pragmas (`expect=`) and BugKindFromName all read
// it, so a kind cannot be spelled two ways.
struct KindName {
  BugKind kind;
  absl::string_view name;
};
constexpr KindName kKindNames[] = {
    {BugKind::kDeadlock, "deadlock"},
    {BugKind::kStarvation, "starvation"},
    {BugKind::kLivelock, "livelock"},
    {BugKind::kUnlockNotHeld, "unlock-not-held"},
    {BugKind::kAssertion, "assertion"},
    {BugKind::kException, "exception"},
    {BugKind::kLockOrder, "lock-order"},
};
static_assert(std::size(kKindNames) == std::size(kAllBugKinds),
              "every BugKind needs a name in kKindNames");

}  // namespace

absl::string_view BugKindName(BugKind kind) {
  for (const KindName& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "internal-error-unknown-kind";  // only reachable from a cast out of range
}

std::optional<BugKind> BugKindFromName(absl::string_view name) {
  for (const KindName& k : kKindNames)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

absl::string_view SeverityName(Severity s) {
  return s == Severity::kWarning ? "warning" : "error";
}

bool CutByTime(const Stats& s) {
  return !s.complete &&
         (s.limit == "time-limit" || s.limit == "memory-limit" || s.limit == "interrupted");
}

absl::string_view ScenarioStatusName(ScenarioStatus s) {
  switch (s) {
    case ScenarioStatus::kPass: return "pass";
    case ScenarioStatus::kFail: return "fail";
    case ScenarioStatus::kError: return "error";
    case ScenarioStatus::kIncomplete: return "incomplete";
  }
  return "internal-error-unknown-status";
}

}  // namespace lockcheck
