// The process's memory use, from /proc (Linux).
#ifndef LOCKCHECK_CHECKER_MEMORY_H_
#define LOCKCHECK_CHECKER_MEMORY_H_

#include <cstdint>

namespace lockcheck {

uint64_t CurrentRssBytes();  // resident set size now
uint64_t PeakRssBytes();     // high-water mark of the resident set
// The memory limit when none is given: three quarters of the machine's memory, so a search that
// would exhaust it stops with an `incomplete` verdict instead.
uint64_t DefaultMemoryLimitBytes();

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_MEMORY_H_
