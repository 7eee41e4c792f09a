#include "checker/budget.h"

#include "checker/memory.h"

namespace lockcheck {

uint64_t MemoryLimitBytes(const CheckOptions& options) {
  return options.memory_limit_mb > 0 ? options.memory_limit_mb << 20 : DefaultMemoryLimitBytes();
}

Budget::Budget(const CheckOptions& options, Clock::time_point start)
    : options_(options), start_(start), memory_limit_(MemoryLimitBytes(options)) {}

std::string Budget::Hit(Reading* reading) const {
  Reading r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  r.rss = CurrentRssBytes();
  if (reading != nullptr) *reading = r;
  if (options_.monitor != nullptr && options_.monitor->StopRequested()) return "interrupted";
  if (options_.time_limit > 0 && r.seconds > options_.time_limit) return "time-limit";
  if (r.rss > memory_limit_) return "memory-limit";
  return "";
}

}  // namespace lockcheck
