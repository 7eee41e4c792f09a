// Lassos: a path into a cycle of states that can repeat forever, and what it shows.
//
// The search finds fair cycles in the state graph (cycles.h) and the replay command re-runs
// lasso tokens; both call ExamineLasso, so a lasso means the same thing in both: replaying
// the cycle once must lead back to the state where it began, the cycle must be fair under the
// chosen fairness, and its kind is named here from the threads it leaves stuck or starving.
//
// The kind (DESIGN.md §4), looking at the live threads (unfinished, not daemon). The waiters
// are those never enabled on the cycle and those that step only inside one primitive
// operation all around it (a Semaphore's acquire waking to find the unit gone and queueing
// again: the primitive's steps, not the thread's progress).
// * `deadlock` (partial): a waiter that no continuation from the cycle lets go (a bounded
//   breadth-first search over every thread's steps finds no state where it has finished or
//   stands elsewhere);
// * `starvation`: else, a waiter some continuation lets go, which the cycle never does (its
//   releasers keep the resource busy in turn), or a live thread enabled on the cycle that
//   never takes a step;
// * `livelock`: else (every live thread moves, or waits for one that does).
// A waiter that joins a live thread that is not deadlocked, or waits for a lock whose holder
// is itself a waiter, only waits for that thread, which is the finding, and is not named.
#ifndef LOCKCHECK_CHECKER_LASSO_H_
#define LOCKCHECK_CHECKER_LASSO_H_

#include <cstddef>
#include <optional>
#include <string>

#include "checker/cycles.h"
#include "checker/explorer.h"
#include "checker/options.h"
#include "checker/schedule.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

struct LassoResult {
  std::optional<BugOccurrence> bug;  // set when the cycle closes and is fair
  std::string why_not;               // otherwise: why it is not a lasso bug
};

// The marks of a step (`timeout`: it took its timed outcome) that reported `out`: whether time
// passed in it, and what it did to PyMutex parking (cycles.h). A step wakes at most one
// thread: a thread runs several operations in one step only while no other thread is alive.
inline StepMarks MarksOf(bool timeout, const StepOutput& out) {
  uint16_t woke = 0;
  if (out.woke_unfairly != 0) woke = static_cast<uint16_t>(1 + __builtin_ctzll(out.woke_unfairly));
  return {timeout || out.slept, out.parked, woke};
}

// Runs `schedule` from `start`, the state after its first `start_step` steps, and examines
// the steps from `loop_start` on as a cycle. The occurrence's schedule is `schedule`.
LassoResult ExamineLasso(const Interpreter& interp, const Machine& start, size_t start_step,
                         const Schedule& schedule, size_t loop_start, Fairness fairness);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_LASSO_H_
