// Strategies for when exhaustive search is out of reach (`--strategy`). Each reports which
// strategy ran and what it covered (SearchResult::coverage), and none claims a complete
// verdict unless it really covered every schedule.
//
// * `bounded`: iterative preemption bounding, as CHESS does (Musuvathi and Qadeer, PLDI 2007):
//   every schedule with at most k preemptions (switching away from a thread that could go
//   on), for k = 0, 1, ... up to `preemptions`. A depth-first search with states cached by
//   (fingerprint, running thread) and the fewest preemptions they were reached with. When a
//   round cuts nothing, it covered every schedule: the state space is then small enough for
//   the exhaustive search, which runs and gives the complete verdict (with fair cycles, which a
//   search that cuts schedules cannot judge). Otherwise no cycle finding is reported.
// * `pct`: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and Nagarakatte,
//   ASPLOS 2010): each execution gives the threads random priorities and lowers the running
//   thread's priority at d-1 random steps; it always runs the highest-priority enabled thread.
//   One execution finds any given bug of depth d with probability at least 1/(n k^(d-1)) for n
//   threads and k steps; the coverage text prints that bound.
// * `random`: random walks, a uniformly random enabled choice at each step.
//
// pct and random run `executions` executions of at most `max-depth` (default 10,000) steps,
// seeded by `--seed`. Along each execution the states are remembered, so a walk that comes back
// to a state closes a cycle, which the lasso check (lasso.h) examines like the exhaustive
// search's: starvation and livelock are found too. Deadlocks, faults and exceptions are
// checked at every step, as in the exhaustive search.
#ifndef LOCKCHECK_CHECKER_STRATEGIES_H_
#define LOCKCHECK_CHECKER_STRATEGIES_H_

#include "checker/explorer.h"
#include "checker/options.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

// Runs options.strategy (not kDfs: that is Explorer::Run).
SearchResult RunStrategy(const Interpreter& interp, const CheckOptions& options);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_STRATEGIES_H_
