// The directed pass: a best-first search that steers towards deadlocks, for the first bug fast.
//
// Directed model checking (Edelkamp, Lluch Lafuente and Leue, "Directed explicit-state model
// checking in the validation of communication protocols", STTT 5(2-3), 2004) orders the states
// still to be expanded by a heuristic estimate of how close each is to an error, instead of
// depth-first. For deadlocks their estimate counts blocked processes; here a state scores the
// threads that wait (a blocking acquire, join, wait, ...) plus the locks that threads hold
// (DeadlockScore): a deadlock of k threads on k locks scores at least 2k, and every step that
// takes a lock or blocks a thread brings the search closer to one. Greedy best-first: the
// highest score first, and of equal scores the state stored last (so, like a depth-first
// search, it goes on from where it just was). The order is fixed, the pass runs on one thread,
// and it stores at most a fixed number of states: its result depends only on the scenario and
// the options.
//
// The pass runs on the machine itself (the same steps, the same partial-order reduction as the
// exhaustive search, which preserves every deadlock), so what it finds is a real execution.
// Each finding is then confirmed by a replay of its schedule through ReplaySchedule (the
// replay tokens' own machinery) and shortened: a step is dropped whenever the schedule without
// it still replays to the same bug (ShortenSchedule), so no single step of the reported trace
// can be left out. That is 1-minimal, not necessarily the shortest: only the breadth-first
// pass (shortest_paths.cc) guarantees that, and check.cc still runs it, within its bound.
//
// It looks for the bugs one step shows (deadlock, unlock-not-held, assertion, exception), not
// for fair cycles; the lock orders it meets become lock-order warnings as in the exhaustive
// search. A step that hits an input error or a bound ends the pass with nothing: the
// exhaustive search that follows meets it again and reports it as it always has.
#ifndef LOCKCHECK_CHECKER_DIRECTED_H_
#define LOCKCHECK_CHECKER_DIRECTED_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/explorer.h"
#include "checker/options.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

// States the directed pass stores at most (unless --max-states is lower): a few hundred
// milliseconds of search. It is a count, not a time, so where it stops does not depend on the
// machine's speed.
inline constexpr uint64_t kDirectedMaxStates = 200'000;

// How close `m` looks to a deadlock: live threads that cannot move, plus Locks and RLocks that
// live threads hold (Condition.wait's private waiter locks excluded). 0 once the program ended.
int DeadlockScore(const Interpreter& interp, const Machine& m);

struct DirectedResult {
  // The first bug found, confirmed by replay, with its shortened schedule; empty when none
  // was found within the bound.
  std::optional<BugOccurrence> bug;
  // Lock-order warnings over the states the pass visited (only when it found a bug).
  std::vector<BugOccurrence> warnings;
  uint64_t states = 0;       // distinct states stored
  uint64_t transitions = 0;  // steps taken
  int64_t max_depth = 0;
  size_t found_at = 0;       // the length of the schedule the search found, before shortening
  uint64_t store_bytes = 0;  // its visited table and the states it kept to expand
  double collision_odds = 0;
};

// The directed pass from the initial state, storing at most `max_states` states. `start`: when
// the check began (for --time-limit).
DirectedResult DirectedSearch(const Interpreter& interp, const CheckOptions& options,
                              uint64_t max_states, std::chrono::steady_clock::time_point start);

// The dfs strategy's search, as check.cc runs it. With --stop-on-first: the directed pass,
// then, when it found nothing, the exhaustive search as before. A directed find's result is
// its bug and the lock-order warnings of the states visited, "stopped by stop-on-first", with
// the directed pass's figures and search order "best-first". Without --stop-on-first the
// result is always the exhaustive search's; when the monitor wants findings as they come
// (SearchMonitor::WantsFindings: the progress display on a terminal), the directed pass runs
// first only to show its find early.
SearchResult DfsSearch(const Interpreter& interp, const CheckOptions& options,
                       Explorer& explorer);

// Tells the options' monitor, when it wants findings, that a bug of `kind` located at `loc` was
// confirmed by the search `by`.
void ReportFinding(const CheckOptions& options, BugKind kind, SourceLoc loc, const char* by);

// The bug with `key` that the last step of `schedule` shows when replayed, if the schedule
// fits the scenario (no input error on the way) and it does.
std::optional<BugOccurrence> ConfirmByReplay(const Interpreter& interp, const Schedule& schedule,
                                             const std::string& key);

// `schedule`, which replays to the bug with `key` at its last step, with every step dropped
// whose removal still replays to that bug at the last step (passes from the end to the start
// until none can be dropped).
Schedule ShortenSchedule(const Interpreter& interp, const Schedule& schedule,
                         const std::string& key);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_DIRECTED_H_
