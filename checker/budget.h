// Budget: the bounds every search honours (time, memory, the user's interruption) and how a
// search asks about them: between steps, throttled, and inside one long step, through
// StepOutput::should_stop, so that neither a million-instruction step nor a run of steps that
// store nothing new keeps a hit bound waiting.
#ifndef LOCKCHECK_CHECKER_BUDGET_H_
#define LOCKCHECK_CHECKER_BUDGET_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "checker/options.h"

namespace lockcheck {

// The memory bound of a search: --memory-limit, or three quarters of the machine's memory.
uint64_t MemoryLimitBytes(const CheckOptions& options);

class Budget {
 public:
  using Clock = std::chrono::steady_clock;
  Budget(const CheckOptions& options, Clock::time_point start);

  // What Hit() measured on its way.
  struct Reading {
    double seconds = 0;  // since the search began
    uint64_t rss = 0;    // resident memory of the process
  };
  // The bound that is hit now ("interrupted", "time-limit", "memory-limit"), or "".
  std::string Hit(Reading* reading = nullptr) const;
  // Hit(), but asked only on every 1,024th call (the per-step poll; it reads /proc).
  std::string Exhausted() { return (++calls_ & 1023) != 0 ? std::string() : Hit(); }
  // The question a long step asks (StepOutput::should_stop). The Budget outlives the step.
  std::function<std::string()> StopRequest() const {
    return [this] { return Hit(); };
  }

 private:
  const CheckOptions& options_;
  Clock::time_point start_;
  uint64_t memory_limit_;
  uint64_t calls_ = 0;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_BUDGET_H_
