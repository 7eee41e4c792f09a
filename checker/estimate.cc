#include "checker/estimate.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/budget.h"
#include "checker/explorer.h"
#include "checker/growth.h"
#include "checker/por.h"

namespace lockcheck {
namespace {

// log10(10^a + 10^b), for figures far beyond a double.
double LogAdd(double a, double b) {
  if (a < b) std::swap(a, b);
  if (std::isinf(b)) return a;
  return a + std::log10(1 + std::pow(10.0, b - a));
}

// Words of packed state the walks may write in all: a state that grows with every step (a
// list appended to in a loop) costs its size per step, so the budget is of the work, not only
// of the steps.
constexpr uint64_t kEstimateWords = 40'000'000;

}  // namespace

StateEstimate EstimateStateSpace(const Interpreter& interp, const Reduction* reduction,
                                 uint64_t seed, Budget* budget, uint64_t max_steps) {
  StateEstimate est;
  // A fixed mix of the seed, so that the walks do not replay the random strategy's choices.
  std::mt19937_64 rng(seed ^ 0x4b6e757468313937ULL);  // "Knuth197"
  Machine m;
  PackedState packed;
  PackScratch scratch;
  StepOutput out;
  std::vector<Transition> steps;
  absl::flat_hash_set<uint64_t> walk;
  std::vector<uint64_t> moved, branched;  // per thread: its steps, and those where d_i > 1
  // log10 of the sums over the walks: the tree, and the lattice of every step and of the
  // branching steps.
  double tree_sum = -INFINITY, all_sum = -INFINITY, branch_sum = -INFINITY;
  uint64_t words = 0;
  // A state that grows without bound ends the probes (the search refuses it: growth.h); a
  // string grown every step would otherwise fill the interner for the whole budget.
  GrowthWatch growth(interp, interp.runtime().limits.max_object_size);
  bool stop = false;  // no more probes: the state grows without bound, or a bound is hit
  if (budget != nullptr) out.should_stop = budget->StopRequest();
  while (est.walks < kEstimateWalks && est.steps < max_steps && words < kEstimateWords &&
         !stop) {
    interp.Init(m);
    walk.clear();
    walk.insert(Pack(m, packed, scratch));
    moved.assign(kMaxThreads, 0);
    branched.assign(kMaxThreads, 0);
    uint64_t walk_steps = 0;
    double product = 0, tree = 0;  // log10: d_1 ... d_i, and 1 + d_1 + ... + d_1 ... d_i
    for (;;) {
      EnabledTransitions(interp, m, steps);
      if (reduction != nullptr) reduction->Reduce(m, steps);
      if (steps.empty()) break;
      if (est.steps >= max_steps || words >= kEstimateWords) {
        est.truncated = true;
        break;
      }
      const size_t d = steps.size();
      product += std::log10(static_cast<double>(d));
      tree = LogAdd(tree, product);
      const Transition tr = steps[d == 1 ? 0 : rng() % d];
      if (tr.thread < moved.size()) ++moved[tr.thread];
      if (d > 1 && tr.thread < moved.size()) ++branched[tr.thread];
      out.Clear();
      interp.Step(m, tr.thread, tr.choice, out);
      ++est.steps;
      ++walk_steps;
      if (!out.abandoned.empty() || (budget != nullptr && !budget->Exhausted().empty())) {
        stop = true;  // a bound is hit: no more probes
        est.truncated = true;
        break;
      }
      bool input_error = false;
      for (const VmEvent& e : out.events) input_error |= e.kind == VmEvent::Kind::kInputError;
      if (input_error) break;  // the search reports it
      const uint64_t fingerprint = Pack(m, packed, scratch);
      words += packed.size();
      if (!walk.insert(fingerprint).second) break;  // the walk closed a cycle
      if (growth.Observe(m, tr.thread, static_cast<int64_t>(walk_steps), packed.size())) {
        stop = true;
        break;
      }
    }
    est.longest = std::max(est.longest, walk_steps);
    double all = 0, branch = 0;
    for (uint64_t k : moved) all += std::log10(static_cast<double>(k + 1));
    for (uint64_t k : branched) branch += std::log10(static_cast<double>(k + 1));
    tree_sum = LogAdd(tree_sum, tree);
    all_sum = LogAdd(all_sum, all);
    branch_sum = LogAdd(branch_sum, branch);
    ++est.walks;
  }
  if (est.walks == 0) return est;
  const double n = std::log10(static_cast<double>(est.walks));
  est.tree_log10 = tree_sum - n;
  // A double holds up to 1.8e308; beyond 1e300 the figure says only "more than".
  // The geometric mean of the two lattices (their means over the walks), within the tree.
  est.states = std::pow(10.0, std::min({est.tree_log10, (all_sum + branch_sum) / 2 - n, 300.0}));
  return est;
}

std::string PredictLimit(const StateEstimate& estimate, const CheckOptions& options,
                         double bytes_per_state, double states_per_second, double* seconds) {
  *seconds = 0;
  std::string limit;
  double best = INFINITY;
  auto consider = [&](const char* name, double states_at, double at) {
    if (estimate.states <= states_at) return;
    if (limit.empty() || at < best) {
      limit = name;
      best = at;
    }
  };
  const double rate = states_per_second > 0 ? states_per_second : 0;
  auto when = [&](double states) { return rate > 0 ? states / rate : INFINITY; };
  if (options.max_states != 0) {
    const double s = static_cast<double>(options.max_states);
    consider("max-states", s, rate > 0 ? when(s) : 0);
  }
  const double memory = static_cast<double>(MemoryLimitBytes(options));
  if (bytes_per_state > 0) {
    const double capacity = memory / bytes_per_state;
    consider("memory-limit", capacity, rate > 0 ? when(capacity) : 1);
  }
  if (options.time_limit > 0 && rate > 0)
    consider("time-limit", options.time_limit * rate, options.time_limit);
  if (!limit.empty() && std::isfinite(best)) *seconds = best;
  return limit;
}

bool Hopeless(const StateEstimate& estimate, const CheckOptions& options, double* capacity) {
  const double memory = static_cast<double>(MemoryLimitBytes(options));
  *capacity = memory / kNominalStateBytes;
  if (options.max_states != 0 || options.max_depth != 0 || options.time_limit > 0 ||
      options.stop_on_first || estimate.walks == 0)
    return false;
  return estimate.states > kHopelessFactor * *capacity;
}

std::string GroupedDigits(uint64_t n) {
  const std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string DurationText(double seconds) {
  if (seconds < 60) return absl::StrFormat("%.0f s", seconds);
  if (seconds < 3600) return absl::StrFormat("%.0f min", seconds / 60);
  if (seconds < 48 * 3600) return absl::StrFormat("%.1f h", seconds / 3600);
  const double days = seconds / 86400;
  if (days < 730) return absl::StrFormat("%.0f days", days);
  return absl::StrFormat("%.1e years", days / 365.25);
}

std::string EstimateText(double states, bool truncated) {
  std::string figure;
  if (states < 1e6) {
    // Two significant figures: the estimate is no more precise than that.
    const double scale = std::pow(10.0, std::max(0.0, std::floor(std::log10(std::max(states, 1.0))) - 1));
    const auto n = static_cast<uint64_t>(std::llround(states / scale) * scale);
    figure = GroupedDigits(n);
  } else {
    figure = absl::StrFormat("%.1e", states);
  }
  return absl::StrCat(truncated ? "at least ~" : "~", figure);
}

}  // namespace lockcheck
