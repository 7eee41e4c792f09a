// SearchMonitor: how the caller of a check watches a long search and asks it to stop.
//
// The command line shows a progress line from Report() and turns SIGINT/SIGTERM into
// StopRequested(). The search polls the monitor where it already polls its time and memory
// bounds (every 1,024 steps), so watching costs nothing per step; it stops as it does at a
// bound, with limit "interrupted", and keeps every bug found so far. The monitor decides nothing
// about the search itself: it is read, never consulted for a choice.
#ifndef LOCKCHECK_CHECKER_MONITOR_H_
#define LOCKCHECK_CHECKER_MONITOR_H_

#include <cstdint>
#include <string>

namespace lockcheck {

// A snapshot of a running search.
struct SearchProgress {
  uint64_t states = 0;     // distinct states stored so far
  int64_t depth = 0;       // length of the path the reporting worker is on
  double seconds = 0;      // since the search began
  uint64_t rss_bytes = 0;  // resident memory of the process
  // The probes' estimate of the states (checker/estimate.h; 0: none), whether it is a lower
  // figure, and the limit the search is on course to hit (PredictLimit), roughly when.
  double estimated_states = 0;
  bool estimate_truncated = false;
  std::string predicted_limit;
  double predicted_seconds = 0;
};

// A bug the search has just confirmed (a step of the machine showed it), before the search ends.
struct EarlyFinding {
  std::string kind;  // "deadlock", "assertion", ... (BugKindName)
  int32_t line = 0;  // where it is located
  int32_t column = 0;
  std::string by;    // which search met it: "best-first" (the directed pass) or "depth-first"
};

class SearchMonitor {
 public:
  virtual ~SearchMonitor() = default;
  // True once the search should stop and report what it has. Called from search threads,
  // concurrently: an implementation reads an atomic.
  virtual bool StopRequested() const = 0;
  // Called from one search thread, about every 1,024 steps: keep it cheap, and rate-limit any
  // output yourself.
  virtual void Report(const SearchProgress& progress) = 0;
  // Whether the monitor shows findings as they are confirmed (Found). When it does, a check
  // without --stop-on-first also runs the directed pass first (checker/directed.h), only to
  // show a deadlock early: the report stays the exhaustive search's, whoever watches.
  virtual bool WantsFindings() const { return false; }
  // A bug confirmed during the search; the same bug may come more than once (from the
  // directed pass, then the search, or from two workers), from any search thread, concurrently.
  virtual void Found(const EarlyFinding& finding) { (void)finding; }
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_MONITOR_H_
