// The progress display on stderr and the interruption of a run (SIGINT, SIGTERM).
//
// On a terminal, one line redrawn in place at most five times a second: which scenario, then,
// once its search runs, states, states per second, depth, memory and elapsed time. Off a
// terminal (a CI log), nothing for a search shorter than 10 s, then one line every 10 s, so a
// long job shows it is alive. The first SIGINT or SIGTERM asks the running search to stop (it
// keeps what it found; the report says "interrupted") and the scenarios not yet checked are
// reported as not checked; a second one (half a second or more after the first: a duplicate
// delivered to the process group at once is the same request) ends the process at once.
//
// On a terminal, each bug is also shown as soon as the search confirms it (SearchMonitor::Found),
// one line above the progress line: "found deadlock at line 9 (best-first), still searching".
// Only there: the reports and a CI log do not depend on when a bug was met.
#ifndef LOCKCHECK_TOOLS_CLI_PROGRESS_H_
#define LOCKCHECK_TOOLS_CLI_PROGRESS_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include "checker/monitor.h"

namespace lockcheck {

// Installs the SIGINT/SIGTERM handlers (once per process).
void InstallInterruptHandlers();
// The signal that asked the run to stop (SIGINT or SIGTERM), or 0.
int InterruptSignal();

class ProgressDisplay : public SearchMonitor {
 public:
  // `enabled`: any display at all (not with --quiet); `terminal`: stderr is a terminal.
  ProgressDisplay(bool enabled, bool terminal);

  void StartScenario(size_t index, size_t total, const std::string& file);
  // Erases the terminal line before the scenario's report is printed.
  void EndScenario();

  bool StopRequested() const override;
  void Report(const SearchProgress& progress) override;
  bool WantsFindings() const override { return terminal_; }
  void Found(const EarlyFinding& finding) override;

 private:
  using Clock = std::chrono::steady_clock;
  void Draw(const std::string& status);

  bool enabled_;
  bool terminal_;
  size_t width_ = 80;
  std::string prefix_;  // "[3/27] "
  std::string file_;
  Clock::time_point last_draw_{};
  double next_log_seconds_ = 10;  // off a terminal: the next line is due at this search time
  std::mutex mu_;  // Found comes from any search thread; the line is drawn under it
  std::set<std::tuple<std::string, int32_t, int32_t>> shown_;  // this scenario's findings
};

}  // namespace lockcheck

#endif  // LOCKCHECK_TOOLS_CLI_PROGRESS_H_
