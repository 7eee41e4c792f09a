#include "checker/result.h"

namespace lockcheck {

absl::string_view BugKindName(BugKind kind) {
  switch (kind) {
    case BugKind::kDeadlock: return "deadlock";
    case BugKind::kStarvation: return "starvation";
    case BugKind::kLivelock: return "livelock";
    case BugKind::kUnlockNotHeld: return "unlock-not-held";
    case BugKind::kAssertion: return "assertion";
    case BugKind::kException: return "exception";
    case BugKind::kLockOrder: return "lock-order";
  }
  return "?";
}

std::optional<BugKind> BugKindFromName(absl::string_view name) {
  for (BugKind k : kAllBugKinds)
    if (BugKindName(k) == name) return k;
  return std::nullopt;
}

absl::string_view SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

absl::string_view ScenarioStatusName(ScenarioStatus s) {
  switch (s) {
    case ScenarioStatus::kPass: return "pass";
    case ScenarioStatus::kFail: return "fail";
    case ScenarioStatus::kError: return "error";
    case ScenarioStatus::kIncomplete: return "incomplete";
  }
  return "?";
}

}  // namespace lockcheck
