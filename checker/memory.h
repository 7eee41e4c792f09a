// The process's memory use, from /proc (Linux).
#ifndef LOCKCHECK_CHECKER_MEMORY_H_
#define LOCKCHECK_CHECKER_MEMORY_H_

#include <cstdint>

namespace lockcheck {

uint64_t CurrentRssBytes();  // resident set size now
uint64_t PeakRssBytes();     // high-water mark of the resident set

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_MEMORY_H_
