// Explorer: the exhaustive stateful search.
//
// Depth-first search over the state graph (states are packed Machines, identified by their
// fingerprints in a VisitedSet), as explicit-state checkers such as SPIN do: memory is the
// visited table plus the states of the current path the search has to come back to (those
// with steps left, compacted: compact_state.h). Every transition is
// examined for bugs (the step's events, and a deadlock in the state it reaches), and each
// distinct bug (its kind and locations) is kept once.
//
// The depth-first search also runs Tarjan's algorithm (Tarjan 1972), on the fly, to find the
// state graph's strongly connected components: when one completes, its states and steps are
// still on Tarjan's stack and go to the fair-cycle check (cycles.h). Only states of components
// not yet complete are held (their fingerprints, enabled threads and steps), and only states
// that may lie on a cycle at all (Reduction::MayCycle: some thread inside a while loop or a
// primitive's routine) take part: a state that cannot is a component of its own, and no cycle
// passes through it, so no low link has to go through it either. A program without such
// loops pays for its current path only.
//
// With several workers, a program that cannot come back to a state is searched by all of them
// sharing the visited table; one that can is searched the same way while every worker writes
// the graph down, and one worker then runs this search, Tarjan's algorithm included, over the
// record (recorded_graph.h): the same states in the same order, so the same report.
//
// Depth-first paths are long, so once the search is over, ShortestSchedules runs a
// breadth-first search from the initial state that stops as soon as every bug found has been
// reached: the first path BFS finds to a bug is a shortest one (shortest_paths.cc; it runs on
// the search's workers and gives the same paths on any number; after a search of a recorded
// graph, it runs for the recording workers' bugs beside the replay of the record, and its paths
// are taken when the replay finds no lasso). Both searches visit threads in
// increasing order, so the result does not depend on anything but the scenario and options.
#ifndef LOCKCHECK_CHECKER_EXPLORER_H_
#define LOCKCHECK_CHECKER_EXPLORER_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "checker/cycles.h"
#include "checker/estimate.h"
#include "checker/options.h"
#include "checker/result.h"
#include "checker/schedule.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

struct BugOccurrence {
  BugKind kind = BugKind::kException;
  std::string key;       // kind + locations: what makes two occurrences the same bug
  Schedule schedule;     // a path to it (the shortest found)
  int32_t thread = 0;
  std::string exc_type;  // for exceptions and assertions
  std::string message;   // the exception text
  SourceLoc loc;
  bool handled = false;  // unlock-not-held: an except clause caught it in the same step
  // Lassos (starvation, livelock, partial deadlock): the schedule's steps from loop_start on
  // are a cycle back to the state with fingerprint loop_entry; `involved` are the threads
  // stuck, starving or going round.
  std::optional<size_t> loop_start;
  uint64_t loop_entry = 0;
  ThreadMask involved = 0;
  std::vector<LockOrderEdge> lock_order;  // lock-order warnings: the cycle (lock_order.h)
  // A lock-order warning: the showing of one of its orders its schedule leads to (a search
  // records none: ShortestSchedules finds the first state that shows it).
  std::optional<LockOrderEdge> shown;
};

// Keeps one occurrence per key: the one with the shortest schedule (the first found on ties,
// so the result depends only on the search order).
class BugTable {
 public:
  // Adds an occurrence `length` steps from the root; `schedule` is called only when it is kept.
  void Add(BugOccurrence b, size_t length, const std::function<Schedule()>& schedule);
  // Adds an occurrence that carries its own schedule (another table's, a warning's).
  void Add(BugOccurrence b);
  std::vector<BugOccurrence> Take();  // sorted by key
  size_t size() const { return bugs_.size(); }

 private:
  std::vector<BugOccurrence> bugs_;
  absl::flat_hash_map<std::string, size_t> index_;
};

struct SearchResult {
  std::vector<BugOccurrence> bugs;  // sorted by key
  uint64_t states = 0;
  uint64_t transitions = 0;
  int64_t max_depth = 0;
  uint64_t reduced_states = 0;      // states where the reduction took one thread's step alone
  bool complete = true;
  std::string limit;                // the bound that cut the search, if any
  uint64_t store_bytes = 0;         // visited table + peak search stack + peak cycle store
  double collision_odds = 0;
  bool cycles_skipped = false;      // a program of over 64 threads: cycles were not checked
  std::optional<VmEvent> input_error;  // the scenario could not be checked
  std::string strategy = "dfs";
  std::string search_order;         // the dfs strategy's: "depth-first", "parallel depth-first"
  std::string coverage;             // what a non-exhaustive strategy covered, in words
  StateEstimate estimate;           // the probes' figure (estimate.h); dfs only (walks > 0)
  std::vector<RankShare> ranks;     // a distributed search's, by rank (else empty)
};

class Reduction;

class Explorer {
 public:
  Explorer(const Interpreter& interp, const CheckOptions& options);
  ~Explorer();

  SearchResult Run();
  // Replaces each bug's schedule by a shortest one (see the file comment). Gives up, keeping
  // the depth-first schedules, when it would store more than `max_states` states.
  void ShortestSchedules(SearchResult& result, uint64_t max_states);
  // The bound the check gives ShortestSchedules: a sixteenth of the states the search stored,
  // at least 10,000. A count, not a time, so the report does not depend on the machine's speed.
  static uint64_t ShortestScheduleStates(uint64_t states) {
    return std::max<uint64_t>(states / 16, 10'000);
  }
  // Whether the last ShortestSchedules took its paths from the pass that ran beside the
  // replay of a recorded graph (Search), rather than running one itself. For tests.
  bool schedules_found_beside() const { return schedules_found_beside_; }

 private:
  using Clock = std::chrono::steady_clock;
  // The depth-first search on `jobs` workers, with Tarjan's algorithm when `tracking` (then
  // on one). Without it, when cycles are wanted, it gives up (nullopt) at the first state
  // that may lie on a cycle, unless `recording`: then the workers write the graph down and
  // one worker searches that record with Tarjan's algorithm (recorded_graph.h).
  std::optional<SearchResult> Search(Clock::time_point start, int jobs, bool tracking,
                                     bool recording);
  // A recording search's workers at most (a record's place names its worker in 6 bits).
  static constexpr int kMaxRecordingWorkers = 32;
  // Run's search, with search_options_.
  SearchResult RunSearch(Clock::time_point start);
  void Fallback(SearchResult& result, double capacity);
  // ShortestSchedules' breadth-first search, on `job_count` workers (the paths do not depend on
  // how many).
  void FindSchedules(SearchResult& result, uint64_t max_states, int job_count);
  // What ShortestSchedules would do for the bugs a recording search's workers found, started
  // on a thread of its own beside the replay of their record (`beside_`); nullopt when there
  // is nothing to look for.
  std::optional<std::jthread> FindSchedulesBeside(std::vector<BugOccurrence> found,
                                                  uint64_t states);
  // ShortestSchedules with the paths found beside the replay, when they are the ones its own
  // pass would find: for the same bugs, with no lasso among them (a lasso's prefix is wanted
  // too, and only the replay finds lassos). Returns whether it took them.
  bool TakeSchedulesBeside(SearchResult& result, uint64_t max_states);

  const Interpreter& interp_;
  const CheckOptions& options_;
  std::unique_ptr<const Reduction> reduction_;  // the program's, for every search
  StateEstimate estimate_;
  // The options the depth-first search runs with: the check's, or, when the estimate says it
  // cannot finish (Hopeless), those with the fallback's bound on the states.
  CheckOptions search_options_;
  // The pass beside the replay: the bugs it looked for (with the paths it found) and its bound.
  struct SchedulesBeside {
    SearchResult result;
    uint64_t max_states = 0;
  };
  std::optional<SchedulesBeside> beside_;
  bool schedules_found_beside_ = false;
};

// The bug occurrences one transition's step showed (its events). Returns false (and sets
// `input_error`) when the step hit an input error.
bool ExamineEvents(const StepOutput& out, std::vector<BugOccurrence>& found,
                   std::optional<VmEvent>& input_error);

// The transitions of a state, in the order the searches take them.
struct Transition {
  uint16_t thread;
  uint32_t choice;  // one kChoice* bit
};
// The step of a schedule that takes transition `t`.
inline ScheduleStep StepOf(Transition t) {
  const bool draw = ChoiceBit(t.choice) == kChoiceDraw;
  return {t.thread, t.choice == kChoiceTimeout,
          draw ? static_cast<int32_t>(DrawIndex(t.choice)) : -1};
}
// The choice a schedule's step runs its thread with.
inline uint32_t ChoiceOf(const ScheduleStep& s) {
  return s.draw >= 0 ? DrawChoice(static_cast<uint32_t>(s.draw))
         : s.timeout ? kChoiceTimeout
                     : kChoiceProceed;
}
// Whether thread `t` (which exists) can run with `choice` in `m`: one of its choices, a draw's
// index within its outcomes.
bool ChoiceAvailable(const Interpreter& interp, const Machine& m, int t, uint32_t choice);
// The transitions of one thread (every outcome of a draw), appended to `out`.
void ThreadTransitions(const Interpreter& interp, const Machine& m, int t,
                       std::vector<Transition>& out);
void EnabledTransitions(const Interpreter& interp, const Machine& m, std::vector<Transition>& out);

// A state with no transitions is a deadlock unless the program has ended. Adds the occurrence,
// identified by where the stuck threads wait.
void CheckDeadlock(const Interpreter& interp, const Machine& m,
                   const std::vector<Transition>& transitions, std::vector<BugOccurrence>& found);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_EXPLORER_H_
