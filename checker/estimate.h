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
// `tree`, kept as a base-10 logarithm (the paths of four threads of 100,000 steps number
// 10^240,000).
//
// A stateful search stores each state once, however many paths reach it, and the tree counts
// every path: for threads whose steps commute it is the number of interleavings, where the
// states are only the combinations of how far each thread has gone. So the estimate of the
// states is a second figure from the same walks, the *lattice*: a walk in which thread t took
// k_t steps in states where the search branches (d_i > 1) bounds the states its threads can
// combine into by the product of (k_t + 1) over the threads, the states of threads that move
// independently; and no search stores more states than the tree has nodes, so `states` is the
// lesser of the two (their means over the walks). It is an upper-range figure: threads that
// wait for each other (a lock held across a step, a queue) reach fewer combinations, and the
// shared data may repeat; it is below the truth only when the data the threads share takes
// more values than their positions say (a thread's steps whose outcomes differ by the order of
// the others, beyond one value per combination), or when the walks were cut by the budget
// (`truncated`: then it is the estimate of the states within the walks' depth, a lower
// figure, reported as "at least").
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

// `reduction` null: every enabled step counts.
StateEstimate EstimateStateSpace(const Interpreter& interp, const Reduction* reduction,
                                 uint64_t seed, uint64_t max_steps = kEstimateSteps);

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
// section 5). The margin is wide: the estimate is an upper-range figure, at most a few hundred
// times the states of the corpus's programs, so no program a search can finish comes near it.
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
