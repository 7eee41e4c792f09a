// CheckOptions: every knob of a check, in one struct, each field with its default and meaning.
//
// The command line and the per-scenario pragmas both fill this struct (flags override pragmas).
// kOptionTable lists the ones a user can set by name, with the help text the CLI shows.
#ifndef LOCKCHECK_CHECKER_OPTIONS_H_
#define LOCKCHECK_CHECKER_OPTIONS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/status/status.h"
#include "checker/monitor.h"
#include "primitives/profile.h"

namespace lockcheck {

class Transport;

enum class Fairness { kWeak, kStrong };

// The largest max-call-depth: CPython's default recursion limit (sys.getrecursionlimit()).
// At it, a deeper call raises RecursionError as in CPython (a finding, catchable); below it,
// a deeper call is an input error (the checker's own limit).
inline constexpr int32_t kMaxCallDepthLimit = 1000;
// The largest time-limit, in seconds (a year): any longer is not a limit a CI job can wait for.
inline constexpr int64_t kMaxTimeLimitSeconds = int64_t{366} * 24 * 3600;

// How the state space is searched (strategies.h): exhaustively, or not.
enum class Strategy { kDfs, kBounded, kPct, kRandom };
absl::string_view StrategyName(Strategy s);  // "dfs", "bounded", "pct", "random"

// The order in which the depth-first search takes a state's steps: by thread number, or
// round-robin (first the threads after the one that moved last). A swarm member (swarm.h) may
// also rank the threads by a permutation of its own (CheckOptions::order_seed).
enum class StepOrderKind { kByThread, kRoundRobin };

struct CheckOptions {
  // Stop after storing this many distinct states (0: no limit).
  uint64_t max_states = 0;
  // Do not extend schedules beyond this many steps (0: no limit).
  int64_t max_depth = 0;
  // Stop the search of one scenario after this many seconds of wall time (0: no limit).
  double time_limit = 0;
  // Stop the search when the process's resident memory exceeds this many MiB (0: three
  // quarters of the machine's memory).
  uint64_t memory_limit_mb = 0;
  // Fairness assumed by cycle checks: weak (default) or strong.
  Fairness fairness = Fairness::kWeak;
  // Which primitives' promises the check relies on (primitives/profile.h): the language's
  // (default) or CPython 3.13's, whose Lock is a PyMutex.
  Profile profile = Profile::kLanguage;
  // Look for fair cycles (starvation, livelock, partial deadlock). Off saves the memory of
  // the components being built and the time of their check; every other check stays.
  bool cycles = true;
  // Partial-order reduction (por.h): take one thread's step alone where it commutes with
  // everything the others can still do. Off explores every interleaving (to compare).
  bool reduction = true;
  // The search: dfs (exhaustive, the default), bounded, pct or random.
  Strategy strategy = Strategy::kDfs;
  // pct and random: how many executions.
  uint64_t executions = 1000;
  // pct: the bug depth d it aims at (d-1 priority change points per execution).
  int pct_depth = 3;
  // bounded: the most preemptions per schedule (rounds run 0, 1, ... up to this).
  int preemptions = 2;
  // Stop a scenario's search at its first bug.
  bool stop_on_first = false;
  // Warnings (lock-order) fail a scenario that does not declare them, as errors do.
  bool strict = false;
  // Seed for `lockcheck run` and randomised strategies.
  uint64_t seed = 1;
  // Worker threads for the search (the report does not depend on it).
  int jobs = 1;
  // A member of a swarm (`--swarm I/N`, swarm.h): its number, from 1, and the swarm's size;
  // 0 and 0 for a search of its own. The swarm sets the fields below, the strategy and the seed.
  int swarm_index = 0;
  int swarm_count = 0;
  // The depth-first search's order of steps, and a seed for a permutation that ranks the
  // threads in it (0: by number). A search in another order than by thread number runs on one
  // worker (the parallel search's workers have orders of their own).
  StepOrderKind step_order = StepOrderKind::kByThread;
  uint64_t order_seed = 0;
  // Scrambles the fingerprints before the depth-first search stores them (0: as they are), so
  // that two members of a swarm do not lose the same states to a collision of stored keys.
  uint64_t hash_seed = 0;
  // A program with loops whose estimated states are fewer is searched on one worker even
  // with jobs > 1 (writing its graph down would cost more than the workers win; the report
  // is the same either way). Not a user option: tests set 0 to put small programs through
  // the recorded graph (checker/recorded_graph.h).
  double recording_min_states = 20'000;
  // Bytecode instructions one thread may run between two visible operations before the
  // scenario is refused as a runaway loop.
  uint64_t step_budget = 1'000'000;
  // Deepest Python call stack a thread may build before the scenario is refused.
  int32_t max_call_depth = 200;
  // Largest list, tuple or string a scenario may build (elements or characters).
  int64_t max_object_size = 100'000;
  // Who watches the search (progress display, interruption); none by default. Not owned.
  SearchMonitor* monitor = nullptr;
  // The ranks of a distributed search (checker/distributed.h) this process is one of; none in
  // one process. Not owned.
  Transport* transport = nullptr;
};

// One settable option: its name (as a flag `--name` and as a pragma `name=value`), and help.
struct OptionInfo {
  absl::string_view name;
  absl::string_view help;
};
inline constexpr OptionInfo kOptionTable[] = {
    {"max-states", "stop after storing this many distinct states (0: no limit)"},
    {"max-depth", "do not extend schedules beyond this many steps (0: no limit)"},
    {"time-limit", "seconds of search per scenario (0: no limit)"},
    {"memory-limit", "MiB of resident memory before the search stops (0: 3/4 of the machine)"},
    {"fairness", "weak (default) or strong: the fairness assumed by cycle checks"},
    {"profile", "language (default: what Python promises) or cpython-3.13 (Lock is a PyMutex)"},
    {"cycles", "on (default) or off: look for starvation, livelock and partial deadlock"},
    {"reduction", "on (default) or off: partial-order reduction (off: every interleaving)"},
    {"strategy", "dfs (default: exhaustive), bounded, pct or random (not exhaustive)"},
    {"executions", "pct and random: executions to run (default 1000)"},
    {"pct-depth", "pct: the bug depth aimed at (default 3)"},
    {"preemptions", "bounded: the most preemptions per schedule (default 2)"},
    {"step-budget", "instructions a thread may run without a visible operation"},
    {"max-call-depth", "deepest Python call stack a thread may build"},
};

// Sets option `name` (a kOptionTable name) from text, as a pragma or flag would. A value out of
// the option's range is an error, never clamped or wrapped.
absl::Status SetOption(CheckOptions& options, absl::string_view name, absl::string_view value);

// `--seed`: a whole number from 0 to 2^64-1 (no sign, no wrap-around).
absl::Status ParseSeed(absl::string_view text, uint64_t* seed);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_OPTIONS_H_
