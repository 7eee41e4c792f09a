#include "checker/swarm.h"

#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "checker/check.h"
#include "checker/estimate.h"
#include "checker/hashing.h"

namespace lockcheck {
namespace {

// A member's seeds from the user's seed and the member's number, and the draws of a
// permutation: a Weyl step then the bijective mix, as SplitMix64 draws (a counter through a
// finaliser).
constexpr uint64_t kGolden = 0x9e3779b97f4a7c15ull;
uint64_t SplitMix(uint64_t x) { return MixBits(x + kGolden); }

}  // namespace

absl::StatusOr<SwarmMember> ParseSwarm(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  SwarmMember m;
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty() ||
      parts[0].find_first_not_of("0123456789") != absl::string_view::npos ||
      parts[1].find_first_not_of("0123456789") != absl::string_view::npos ||
      !absl::SimpleAtoi(parts[0], &m.index) || !absl::SimpleAtoi(parts[1], &m.count)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--swarm takes I/N, member I of a swarm of N (e.g. 2/8), not '", text, "'"));
  }
  if (m.count < 1 || m.count > kMaxSwarm) {
    return absl::InvalidArgumentError(
        absl::StrCat("--swarm ", text, ": a swarm has 1 to ", kMaxSwarm, " members"));
  }
  if (m.index < 1 || m.index > m.count) {
    return absl::InvalidArgumentError(absl::StrCat("--swarm ", text, ": the member is 1 to ",
                                                   m.count, ", not ", m.index));
  }
  return m;
}

absl::Status JoinSwarm(const SwarmMember& member, CheckOptions& o) {
  if (o.strategy == Strategy::kBounded) {
    return absl::InvalidArgumentError(
        "--swarm with strategy bounded: every member would search the same schedules (the "
        "bounded search draws nothing at random); use dfs, pct or random");
  }
  o.swarm_index = member.index;
  o.swarm_count = member.count;
  const int k = member.index - 1;
  if (k > 0) {
    const uint64_t base = SplitMix(o.seed ^ SplitMix(static_cast<uint64_t>(member.index)));
    o.seed = base % (uint64_t{1} << 31) + 1;  // printed in coverage lines: kept short
    o.hash_seed = SplitMix(base) | 1;
  }
  if (o.strategy == Strategy::kDfs) {
    switch (k % 4) {
      case 0:
      case 1:
        o.step_order = k % 4 == 0 ? StepOrderKind::kByThread : StepOrderKind::kRoundRobin;
        if (k >= 4) o.order_seed = SplitMix(o.hash_seed) | 1;
        break;
      case 2:
        o.strategy = Strategy::kPct;
        o.pct_depth = 3 + (k / 4) % 3;
        break;
      default:
        o.strategy = Strategy::kRandom;
        break;
    }
  }
  if (o.strategy == Strategy::kDfs && o.max_states == 0 && o.max_depth == 0 && o.time_limit == 0)
    o.max_states = kSwarmStates;
  return absl::OkStatus();
}

std::string SwarmPlan(const CheckOptions& o) {
  std::string plan = absl::StrCat("swarm member ", o.swarm_index, " of ", o.swarm_count);
  if (o.strategy != Strategy::kDfs) return plan;
  absl::StrAppend(&plan, ": depth-first, ",
                  o.step_order == StepOrderKind::kRoundRobin ? "round-robin" : "thread-number",
                  " order");
  if (o.order_seed != 0) absl::StrAppend(&plan, " of a permutation of the threads");
  if (o.hash_seed != 0) absl::StrAppend(&plan, absl::StrFormat(", hash seed %#x", o.hash_seed));
  if (o.max_states != 0) absl::StrAppend(&plan, ", up to ", GroupedDigits(o.max_states), " states");
  return plan;
}

std::array<uint8_t, kMaxThreads> ThreadRanks(uint64_t seed) {
  std::array<uint8_t, kMaxThreads> order;
  std::iota(order.begin(), order.end(), 0);
  for (size_t i = order.size() - 1; i > 0; --i) {  // Fisher-Yates, draw i from the counter
    std::swap(order[i], order[SplitMix(seed + i * kGolden) % (i + 1)]);
  }
  std::array<uint8_t, kMaxThreads> rank{};
  for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<uint8_t>(i);
  return rank;
}

ScenarioResult MergeSwarm(const std::vector<const ScenarioResult*>& members,
                          const std::vector<int>& numbers, int count, bool strict) {
  auto mark = [&](ScenarioResult& r) {
    r.stats.swarm_member = 0;
    r.stats.swarm_members = count;
    r.stats.swarm_merged = numbers;
  };
  for (const ScenarioResult* m : members) {
    if (m->status != ScenarioStatus::kError) continue;
    ScenarioResult r = *m;
    mark(r);
    return r;
  }
  const ScenarioResult* finished = nullptr;
  int finisher = 0;  // its number
  for (size_t i = 0; i < members.size() && finished == nullptr; ++i) {
    if (members[i]->stats.complete) {
      finished = members[i];
      finisher = numbers[i];
    }
  }
  ScenarioResult r = finished != nullptr ? *finished : *members[0];
  // The bugs: the finished member's first, then each member's new ones.
  r.bugs.clear();
  absl::flat_hash_map<std::string, size_t> at;
  auto add = [&](const Bug& b) {
    auto [it, fresh] = at.emplace(b.id, r.bugs.size());
    if (fresh) r.bugs.push_back(b);
    else if (b.trace.size() < r.bugs[it->second].trace.size()) r.bugs[it->second] = b;
  };
  if (finished != nullptr) {
    for (const Bug& b : finished->bugs) add(b);
  }
  for (const ScenarioResult* m : members) {
    for (const Bug& b : m->bugs) add(b);
  }
  // In the order a check gives them: by kind (its keys begin with the kind's name).
  std::stable_sort(r.bugs.begin(), r.bugs.end(), [](const Bug& a, const Bug& b) {
    return BugKindName(a.kind) < BugKindName(b.kind);
  });
  const std::string merged = absl::StrCat("swarm of ", count, ", members ",
                                          absl::StrJoin(numbers, ", "), " merged");
  Stats& s = r.stats;
  if (finished != nullptr) {
    s.coverage = absl::StrCat(merged, "; member ", finisher, " finished its search (",
                              finished->stats.coverage, ")");
  } else {
    s = Stats{};
    s.complete = false;
    s.strategy = "swarm";
    s.limit = "swarm";
    for (const ScenarioResult* m : members) {
      const Stats& ms = m->stats;
      s.states += ms.states;
      s.transitions += ms.transitions;
      s.max_depth = std::max(s.max_depth, ms.max_depth);
      s.seconds += ms.seconds;
      s.peak_memory_bytes = std::max(s.peak_memory_bytes, ms.peak_memory_bytes);
      s.store_bytes = std::max(s.store_bytes, ms.store_bytes);
      s.collision_odds = std::max(s.collision_odds, ms.collision_odds);
      s.reduced_states += ms.reduced_states;
      if (s.limit == "swarm" && CutByTime(ms)) s.limit = ms.limit;
      if (s.estimate_walks == 0 && ms.estimate_walks > 0) {
        s.estimated_states = ms.estimated_states;
        s.estimate_at_least = ms.estimate_at_least;
        s.estimate_walks = ms.estimate_walks;
      }
    }
    s.coverage = absl::StrCat(merged, " (the figures above add theirs up); ", kSwarmProvesNothing);
  }
  mark(r);
  r.status = ScenarioStatus::kPass;
  ConcludeScenario(r, strict);
  return r;
}

}  // namespace lockcheck
