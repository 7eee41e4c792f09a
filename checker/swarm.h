// Swarm verification: N diversified searches of one scenario, run independently (on the
// cores of one machine, the nodes of a cluster, a Slurm array), whose reports `lockcheck merge`
// joins (Holzmann, Joshi and Groce, "Swarm verification", ASE 2008). For bug hunting where an
// exhaustive search is out of reach: each member searches another part of the state space
// first, so together they find more bugs than one search of N times the budget would, which
// spends it all in one corner of the graph.
//
// `lockcheck check --swarm I/N` runs member I (from 1) of N. What it searches depends only on
// I, N, the options and the seed, so a member's report is the same on every run. Member k = I-1
// takes, after the options the user gave:
//   k % 4 == 0  dfs in thread-number order (member 1: the plain search), later ones with the
//               threads ranked by a permutation of their own;
//   k % 4 == 1  dfs in round-robin order (the threads after the one that moved last first:
//               the order that reaches "every thread has moved" soonest), later ones ranked;
//   k % 4 == 2  pct, its depth 3, 4, 5 in turn;
//   k % 4 == 3  random walks.
// Every member but the first draws its own seed (for the strategies and the probes) and its
// own hash seed (which scrambles the stored keys, so that two members do not lose the same
// states to a key collision). With a strategy other than dfs chosen, every member runs that one
// and they differ by their seeds (bounded, which is deterministic, is refused). A dfs member
// with no bound set stops at kSwarmStates states. A member whose search finished gives a
// complete verdict like any check; one cut short proves nothing where it found nothing, and
// neither does a merged swarm none of whose members finished: the report says so.
#ifndef LOCKCHECK_CHECKER_SWARM_H_
#define LOCKCHECK_CHECKER_SWARM_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "checker/options.h"
#include "checker/result.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

// A dfs member's bound when the user set none: a million states.
inline constexpr uint64_t kSwarmStates = 1'000'000;
// The most members a swarm may have.
inline constexpr int kMaxSwarm = 100'000;

struct SwarmMember {
  int index = 0;  // 1 .. count
  int count = 0;
};

// "I/N" with 1 <= I <= N <= kMaxSwarm.
absl::StatusOr<SwarmMember> ParseSwarm(absl::string_view text);

// Sets the member's search in `options` (filled from the pragmas and flags): the strategy,
// the seeds, the order, and the bound. An error for a swarm that cannot be diversified.
absl::Status JoinSwarm(const SwarmMember& member, CheckOptions& options);

// What the member searched, one clause for the coverage line: "swarm member 2 of 4:
// depth-first in round-robin order, hash seed 0x..., up to 1,000,000 states".
std::string SwarmPlan(const CheckOptions& options);

// The rank of every thread number in the order a permutation drawn from `seed` gives them.
std::array<uint8_t, kMaxThreads> ThreadRanks(uint64_t seed);

// One scenario's results from members of one swarm of `count` (`numbers`: theirs, increasing;
// an input error's result carries none) merged into the swarm's result: every bug a member found, each with the
// shortest trace a member found for it (of equal ones, the finished member's, else the lowest
// member's), in the order a check gives bugs (by kind), and the verdict drawn again from them.
// A member whose search finished gives the complete verdict (its figures are the result's);
// otherwise the figures are added up, the limit is "swarm" (or the
// limit of a member the clock cut: such a verdict holds for this run only), and the coverage
// line says that a verdict without bugs proves nothing. An input error is every member's: the
// first member's is the result.
ScenarioResult MergeSwarm(const std::vector<const ScenarioResult*>& members,
                          const std::vector<int>& numbers, int count, bool strict);

// What a merged swarm's coverage line says when none of its members finished.
inline constexpr absl::string_view kSwarmProvesNothing =
    "no member finished its search, so a swarm verdict without bugs proves nothing";

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_SWARM_H_
