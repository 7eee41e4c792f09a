#include "checker/options.h"

#include <cmath>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {
namespace {

// A whole number in [lo, hi]. SimpleAtoi refuses a sign on an unsigned type and any value
// out of the type's range, so "-1" or a 23-digit number is an error here, never a wrapped value.
template <typename T>
absl::Status Number(absl::string_view name, absl::string_view text, T* out,
                    T lo = std::numeric_limits<T>::min(), T hi = std::numeric_limits<T>::max()) {
  T value{};
  if (!absl::SimpleAtoi(text, &value) || value < lo || value > hi) {
    return absl::InvalidArgumentError(absl::StrCat("option ", name, " takes a whole number from ",
                                                   lo, " to ", hi, ", not '", text, "'"));
  }
  *out = value;
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
  if (name == "max-depth") return Number<int64_t>(name, value, &o.max_depth, 0);
  // 2^44 MiB (16 EiB) keeps the limit in bytes within 64 bits.
  if (name == "memory-limit") return Number<uint64_t>(name, value, &o.memory_limit_mb, 0, 1ull << 44);
  if (name == "step-budget") return Number<uint64_t>(name, value, &o.step_budget, 1);
  if (name == "max-call-depth")
    return Number<int32_t>(name, value, &o.max_call_depth, 1, kMaxCallDepthLimit);
  if (name == "time-limit") {
    // SimpleAtod takes "nan", "inf" and 1e400 (as inf): none is a number of seconds, and a
    // limit no clock reaches would silently mean "no limit".
    double seconds = 0;
    if (!absl::SimpleAtod(value, &seconds) || !std::isfinite(seconds) || seconds < 0 ||
        seconds > static_cast<double>(kMaxTimeLimitSeconds)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option time-limit takes a number of seconds from 0 to ", kMaxTimeLimitSeconds,
          ", not '", value, "'"));
    }
    o.time_limit = seconds;
    return absl::OkStatus();
  }
  if (name == "fairness") {
    if (value == "weak") o.fairness = Fairness::kWeak;
    else if (value == "strong") o.fairness = Fairness::kStrong;
    else return absl::InvalidArgumentError(
        absl::StrCat("option fairness is weak or strong, not '", value, "'"));
    return absl::OkStatus();
  }
  if (name == "profile") {
    std::optional<Profile> p = ProfileFromName(value);
    if (!p) {
      return absl::InvalidArgumentError(
          absl::StrCat("option profile is language or cpython-3.13, not '", value, "'"));
    }
    o.profile = *p;
    return absl::OkStatus();
  }
  if (name == "reduction") return OnOff(name, value, &o.reduction);
  if (name == "cycles") return OnOff(name, value, &o.cycles);
  if (name == "executions") return Number<uint64_t>(name, value, &o.executions, 1);
  if (name == "pct-depth") return Number<int>(name, value, &o.pct_depth, 1, 1000);
  if (name == "preemptions") return Number<int>(name, value, &o.preemptions, 0, 1000);
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

absl::Status ParseSeed(absl::string_view text, uint64_t* seed) {
  return Number<uint64_t>("seed", text, seed);
}

}  // namespace lockcheck
