// EstimateStateSpace: how large the state space is, told before the search runs, from random
// probes (Knuth 1975, "Estimating the efficiency of backtrack programs").
//
// A probe is a random walk from the initial state that, in each state, takes one of the steps
// the search would take there (the reduced set, when the partial-order reduction is on) at
// random, until the program ends, deadlocks, closes a cycle (comes back to a state of its own
// walk, where a stateful search would not go on either) or the probes' step budget runs out.
// With d_i the number of steps the search would take in the walk's i-th state, the walk's
// estimate of the tree of paths the search unfolds is 1 + d_1 + d_1 d_2 + ...; Knuth's
// theorem: its expectation is exactly the number of nodes of that tree. The probes' mean is
// `tree`, kept as a base-10 logarithm (the first 300,000 steps of four threads of 100,000
// locked increments already make 10^45,000 paths).
//
// A stateful search stores each state once, however many paths reach it, and the tree counts
// every path: for threads whose steps commute it is the number of interleavings, where the
// states are only the combinations of how far each thread has gone. So the estimate of the
// states comes from a *lattice* over the same walks: a walk in which thread t took k_t steps
// makes the threads' positions combine into the product of (k_t + 1) over the threads. Counted
// over every step, the lattice over-estimates where the reduction takes one thread's steps
// alone (those combinations are never stored); counted over the steps where the search
// branches (d_i > 1) only, it under-estimates (it leaves out the states between branchings).
// `states` is the geometric mean of the two (each the mean over the walks), and never more than
// the tree. It is an estimate, not a bound, and it is no more precise than its order of
// magnitude: on the 221 complete scenarios of the corpus it lies between 0.15 and 7 times the
// states the search stores (median 0.8); on the benchmark's larger members within about a
// hundred either way (dining, ordered, N=10: 68 times; the racy counter 4 x 3, whose shared
// counter takes values the threads' positions do not fix: a 55th). When the walks were cut by
// the step budget (`truncated`), it counts only the states within the walks' depth: a lower
// figure, reported as "at least".
//
// The walks are seeded from --seed, so the figure is the same on every run and any --jobs.
#ifndef LOCKCHECK_CHECKER_ESTIMATE_H_
#define LOCKCHECK_CHECKER_ESTIMATE_H_

#include <cstdint>
#include <string>

#include "checker/options.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

class Reduction;

struct StateEstimate {
  double states = 0;        // the estimate of the states a search stores (see the file comment)
  double tree_log10 = 0;    // log10 of Knuth's estimate of the paths (nodes of the search tree)
  uint64_t walks = 0;
  uint64_t steps = 0;       // steps the walks took in all
  bool truncated = false;   // a walk was cut by the step budget: `states` is a lower figure
  uint64_t longest = 0;     // steps of the longest walk
};

// Walks: up to kEstimateWalks, kEstimateSteps steps in all (a count, not a time, so the figure
// is deterministic).
inline constexpr uint64_t kEstimateWalks = 32;
inline constexpr uint64_t kEstimateSteps = 300'000;

// `reduction` null: every enabled step counts. `budget` (may be null): the search's bounds,
// asked between steps and inside a long one; a bound that is hit ends the probes (the search
// then stops at once, with that limit).
class Budget;
StateEstimate EstimateStateSpace(const Interpreter& interp, const Reduction* reduction,
                                 uint64_t seed, Budget* budget = nullptr,
                                 uint64_t max_steps = kEstimateSteps);

// The limit an exhaustive search of `estimate` states hits first, for a search that stores
// `bytes_per_state` bytes a state and runs `states_per_second`: "max-states", "memory-limit",
// "time-limit", or "" (none). `*seconds` gets roughly when (0 when unknown).
std::string PredictLimit(const StateEstimate& estimate, const CheckOptions& options,
                         double bytes_per_state, double states_per_second, double* seconds);

// Whether no exhaustive search can finish, on the estimate: the user set no bound of their own
// (max-states, max-depth, time-limit, stop-on-first), and the estimate is over a million times
// the states the memory limit holds at kNominalStateBytes a state. Then the search spends a
// fixed budget (kFallbackStates states depth-first, then PCT executions of kFallbackSteps
// steps in all) on finding bugs and says `incomplete` with limit "state-space" (DESIGN.md
// section 5). The margin is wide: the estimate is off by at most about a hundred times on the
// programs measured (see above), so a program the memory could hold is ten thousand times
// below the mark. (16 bytes is near the store's own cost of a state; the search's stack adds
// to it, so the memory holds fewer states than that, never more.)
inline constexpr double kNominalStateBytes = 16;
inline constexpr double kHopelessFactor = 1e6;
inline constexpr uint64_t kFallbackStates = 1'000'000;
inline constexpr uint64_t kFallbackSteps = 4'000'000;
bool Hopeless(const StateEstimate& estimate, const CheckOptions& options, double* capacity);

// 1234567 as "1,234,567".
std::string GroupedDigits(uint64_t n);

// The estimate in words: "~3,400", "~1.6e+21", "at least ~2.0e+12" (truncated).
std::string EstimateText(double states, bool truncated);
// A rough duration: "40 s", "12 min", "3.5 h", "90 days", "2.0e+05 years".
std::string DurationText(double seconds);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_ESTIMATE_H_
