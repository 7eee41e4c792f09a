// What a check finds: the result model that every report writer renders.
//
// Findings are data. A deadlock in a scenario is a Bug in a ScenarioResult, never a Status.
// Everything here is plain values, filled by the checker and read by reports/ and tools/.
#ifndef LOCKCHECK_CHECKER_RESULT_H_
#define LOCKCHECK_CHECKER_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

// The kinds of finding (DESIGN.md §4). Names as they appear in reports and pragmas.
enum class BugKind {
  kDeadlock,       // "deadlock"
  kStarvation,     // "starvation"
  kLivelock,       // "livelock"
  kUnlockNotHeld,  // "unlock-not-held"
  kAssertion,      // "assertion"
  kException,      // "exception"
  kLockOrder,      // "lock-order" (a warning)
};
inline constexpr BugKind kAllBugKinds[] = {
    BugKind::kDeadlock,      BugKind::kStarvation, BugKind::kLivelock, BugKind::kUnlockNotHeld,
    BugKind::kAssertion,     BugKind::kException,  BugKind::kLockOrder};
absl::string_view BugKindName(BugKind kind);
std::optional<BugKind> BugKindFromName(absl::string_view name);

enum class Severity { kError, kWarning };
absl::string_view SeverityName(Severity s);  // "error" / "warning"

struct Location {
  std::string file;
  int32_t line = 0;
  int32_t column = 0;
};

// One step of a counterexample: one thread ran one visible operation.
struct TraceStep {
  int32_t thread = 0;       // thread number: 0 is the main thread, then in start order
  std::string thread_name;  // "MainThread", "Thread-1 (worker)", ...
  std::string op;           // the operation as source says it: "b.acquire()", "counter = 1"
  int32_t line = 0;
  int32_t column = 0;
  std::string outcome;      // "acquired", "returned False", "read 3",
                            // "raised RuntimeError('release unlocked lock')"
  std::vector<std::string> output;  // lines printed by this step, in order
  // What the step touched, from the operation's footprint (not its text): access is "read",
  // "write", "acquire", "release", "start", "join", or "" for anything else; target names
  // the global, lock or shared container as the program reaches it ("counter", "forks[2]"),
  // "" when there is none.
  std::string access;
  std::string target;
  bool decisive = false;  // one of the steps that decide the bug (see Bug::decisive)
  // The state right after the step, for pages that draw the run (reports/html_report.h); the
  // text report leaves them out. The locks this step's thread holds (Locks and RLocks, named
  // as lock-order warnings name them, checker/lock_order.h; in the order of the model's
  // objects), and the numbers of the threads blocked (started, not finished, unable to run).
  std::vector<std::string> holds;
  std::vector<int32_t> blocked;
  std::string file;  // an imported module's file when the step is in one; else empty
};

struct StackFrame {
  std::string function;  // "<module>" for module-level code
  std::string file;
  int32_t line = 0;
};

// How one thread stands at the end of a counterexample.
struct ThreadState {
  int32_t thread = 0;
  std::string name;
  std::string status;      // "finished", "blocked", "runnable", "not started"
  bool daemon = false;
  std::string waits_on;    // for "blocked": the operation, e.g. "b.acquire()"
  int32_t waits_line = 0;
  std::string held_by;     // the thread name holding what it waits on, when known
  std::vector<StackFrame> stack;  // innermost last, as a Python traceback
};

// One edge of a wait-for graph: a blocked thread, what it waits in, and who holds that.
struct WaitEdge {
  std::string thread;    // the waiting thread's name
  std::string waits_on;  // the operation, e.g. "b.acquire()"
  int32_t line = 0;
  std::string held_by;   // the holder's name; empty when no one thread holds it (an Event,
                         // a Condition waiting for a notify, a Semaphore, a Barrier, a join)
};

// One edge of a lock-order cycle: `thread` acquired `acquires` at line:column while holding
// `holds` (locks are named by the path the scenario reaches them by, e.g. "forks[2]").
struct LockOrderEdge {
  std::string thread;
  std::string holds;
  std::string acquires;
  std::string op;  // the acquiring operation as source says it: "b.acquire()", "with b"
  int32_t line = 0;
  int32_t column = 0;
};

struct Bug {
  std::string id;           // stable fingerprint of kind + locations (16 hex digits)
  BugKind kind = BugKind::kException;
  Severity severity = Severity::kError;
  std::string message;      // one line
  Location location;        // where it happens
  std::vector<std::string> threads;  // names of the threads involved
  std::vector<TraceStep> trace;
  // Why the steps marked decisive decide the bug, one line, e.g. "Thread-2 read counter
  // (step 26) before Thread-1 wrote it (step 32), then wrote over it (step 33): Thread-1's
  // update is lost"; empty when no step is marked.
  std::string decisive;
  std::optional<int32_t> loop_start;  // lassos: index of the first step of the cycle
  std::vector<ThreadState> final_state;
  std::string replay;       // the schedule token for `lockcheck replay`
  bool handled = false;     // unlock-not-held whose exception the scenario caught
  std::string wait_for;     // deadlocks: the wait-for cycle, e.g. "T1 -> b (held by T2) -> ..."
  // Deadlocks: every blocked thread of the final state, and the threads of the wait-for cycle
  // (each waits for the next, the last for the first; empty when there is no cycle).
  std::vector<WaitEdge> wait_graph;
  std::vector<std::string> wait_cycle;
  // Lock-order warnings: the edges of the cycle in the lock order, one per acquisition site.
  std::vector<LockOrderEdge> lock_order;
};

enum class ScenarioStatus {
  kPass,        // explored, no bug (or only what was expected)... see matched_expectation
  kFail,        // at least one bug
  kError,       // the scenario could not be checked (input error)
  kIncomplete,  // a bound cut the search and nothing was found
};
absl::string_view ScenarioStatusName(ScenarioStatus s);

// A distributed search's (checker/distributed.h) figures for one rank.
struct RankShare {
  uint64_t states = 0;       // stored (owned) by it
  uint64_t states_sent = 0;  // successors it sent to other ranks
  uint64_t messages = 0;     // messages it sent to other ranks (batches, agreements)
  uint64_t bytes_sent = 0;
};

struct Stats {
  uint64_t states = 0;        // distinct states stored
  uint64_t transitions = 0;   // transitions executed
  int64_t max_depth = 0;      // longest schedule explored (a run figure: it depends on the order
                              // the workers took the states in, as `seconds` on the machine)
  double seconds = 0;         // wall time (a timing field)
  uint64_t peak_memory_bytes = 0;  // peak resident memory of the process (a timing field)
  uint64_t store_bytes = 0;   // bytes held by the search's own structures at their peak:
                              // the visited-state table plus the search stack
  double collision_odds = 0;  // probability that two stored states share a fingerprint (then
                              // one of them was never explored): about states^2 / 2^61
  uint64_t reduced_states = 0;  // states where partial-order reduction took one step alone
  bool complete = true;       // the search was exhaustive
  std::string limit;          // the bound that cut it: "max-states", "max-depth", "time-limit",
                              // "memory-limit"; empty when complete
  std::string strategy = "dfs";
  std::string search_order;   // how dfs ran: "depth-first", "parallel depth-first" or
                              // "best-first" (--stop-on-first's directed pass, directed.h)
  std::string coverage;       // what a non-exhaustive strategy covered, in words
  // The probes' estimate of the states (checker/estimate.h; dfs only, 0 for none): the figure,
  // whether it is a lower one (the walks' budget cut them), and the limit it says an
  // exhaustive search hits first ("" for none) and roughly when (a timing field).
  double estimated_states = 0;
  bool estimate_at_least = false;
  uint64_t estimate_walks = 0;
  std::string predicted_limit;
  double predicted_seconds = 0;
  // Swarm verification (checker/swarm.h): a member's number (from 1) and the swarm's size; a
  // merged report's members, by number, with swarm_member 0. 0, 0 and none otherwise.
  int swarm_member = 0;
  int swarm_members = 0;
  std::vector<int> swarm_merged;
  // A distributed search's share of each rank, by rank (run figures: they depend on the
  // number of ranks); empty for a search in one process.
  std::vector<RankShare> ranks;
};

// Whether the limit that cut a search falls where it does by the clock or the machine: the
// time limit, the memory limit (the resident size depends on the allocator and the workers) or
// an interruption. Another run, on a slower or busier machine, stops elsewhere, so such a
// search is `incomplete` whatever it found (check.cc, Conclude) and keeps its bugs.
bool CutByTime(const Stats& s);

struct ScenarioResult {
  std::string file;
  std::string description;            // the module docstring
  std::vector<BugKind> expected;      // from the pragma; empty = expect pass
  std::string profile = "language";   // the profile checked under (primitives/profile.h)
  ScenarioStatus status = ScenarioStatus::kPass;
  bool matched_expectation = true;
  Stats stats;
  std::vector<Bug> bugs;
  std::vector<Diagnostic> errors;     // input errors (status kError)
  std::vector<std::string> rendered_errors;  // each error rendered with its caret line
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_RESULT_H_
