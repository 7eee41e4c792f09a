#include "checker/options.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {
namespace {

template <typename T>
absl::Status Number(absl::string_view name, absl::string_view text, T* out) {
  if (!absl::SimpleAtoi(text, out)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option ", name, " takes a whole number, not '", text, "'"));
  }
  return absl::OkStatus();
}

absl::Status OnOff(absl::string_view name, absl::string_view text, bool* out) {
  if (text != "on" && text != "off") {
    return absl::InvalidArgumentError(
        absl::StrCat("option ", name, " is on or off, not '", text, "'"));
  }
  *out = text == "on";
  return absl::OkStatus();
}

}  // namespace

absl::string_view StrategyName(Strategy s) {
  switch (s) {
    case Strategy::kDfs: return "dfs";
    case Strategy::kBounded: return "bounded";
    case Strategy::kPct: return "pct";
    case Strategy::kRandom: return "random";
  }
  return "dfs";
}

absl::Status SetOption(CheckOptions& o, absl::string_view name, absl::string_view value) {
  if (name == "max-states") return Number(name, value, &o.max_states);
  if (name == "max-depth") return Number(name, value, &o.max_depth);
  if (name == "memory-limit") return Number(name, value, &o.memory_limit_mb);
  if (name == "step-budget") return Number(name, value, &o.step_budget);
  if (name == "max-call-depth") return Number(name, value, &o.max_call_depth);
  if (name == "time-limit") {
    if (!absl::SimpleAtod(value, &o.time_limit) || o.time_limit < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("option time-limit takes a number of seconds, not '", value, "'"));
    }
    return absl::OkStatus();
  }
  if (name == "fairness") {
    if (value == "weak") o.fairness = Fairness::kWeak;
    else if (value == "strong") o.fairness = Fairness::kStrong;
    else return absl::InvalidArgumentError(
        absl::StrCat("option fairness is weak or strong, not '", value, "'"));
    return absl::OkStatus();
  }
  if (name == "reduction") return OnOff(name, value, &o.reduction);
  if (name == "cycles") return OnOff(name, value, &o.cycles);
  if (name == "executions") return Number(name, value, &o.executions);
  if (name == "pct-depth") return Number(name, value, &o.pct_depth);
  if (name == "preemptions") return Number(name, value, &o.preemptions);
  if (name == "strategy") {
    for (Strategy s : {Strategy::kDfs, Strategy::kBounded, Strategy::kPct, Strategy::kRandom}) {
      if (value == StrategyName(s)) {
        o.strategy = s;
        return absl::OkStatus();
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "option strategy is dfs, bounded, pct or random, not '", value, "'"));
  }
  std::string known;
  for (const OptionInfo& info : kOptionTable) absl::StrAppend(&known, known.empty() ? "" : ", ", info.name);
  return absl::InvalidArgumentError(
      absl::StrCat("unknown option '", name, "' (known: expect, ", known, ")"));
}

}  // namespace lockcheck
