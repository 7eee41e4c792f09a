// Lassos: a path into a cycle of states that can repeat forever, and what it shows.
//
// The search finds fair cycles in the state graph (cycles.h) and the replay command re-runs
// lasso tokens; both call ExamineLasso, so a lasso means the same thing in both: replaying
// the cycle once must lead back to the state where it began, the cycle must be fair under the
// chosen fairness, and its kind is named here from the threads it leaves stuck or starving.
//
// The kind (DESIGN.md §4), looking at the live threads (unfinished, not daemon):
// * `deadlock` (partial): some live thread is never enabled on the cycle, and what it waits for
//   does not lead, through who holds what, to a thread that is enabled somewhere on the cycle
//   (a thread joining one that loops or starves is not deadlocked: that one is the finding);
// * `starvation`: else, some live thread is enabled on the cycle but never takes a step;
// * `livelock`: else (every live thread moves, or waits for one that does).
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

// Runs `schedule` from `start`, the state after its first `start_step` steps, and examines
// the steps from `loop_start` on as a cycle. The occurrence's schedule is `schedule`.
LassoResult ExamineLasso(const Interpreter& interp, const Machine& start, size_t start_step,
                         const Schedule& schedule, size_t loop_start, Fairness fairness);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_LASSO_H_
