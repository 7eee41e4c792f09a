#include "checker/memory.h"

#include <cstdio>
#include <cstring>

namespace lockcheck {
namespace {

uint64_t StatusField(const char* name) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  uint64_t kb = 0;
  size_t n = std::strlen(name);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, name, n) == 0) {
      std::sscanf(line + n, " %lu", &kb);
      break;
    }
  }
  std::fclose(f);
  return kb * 1024;
}

}  // namespace

uint64_t DefaultMemoryLimitBytes() {
  FILE* f = std::fopen("/proc/meminfo", "r");
  uint64_t kb = 0;
  if (f != nullptr) {
    char line[256];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      if (std::sscanf(line, "MemTotal: %lu", &kb) == 1) break;
    }
    std::fclose(f);
  }
  if (kb == 0) kb = 8ull << 20;  // unknown: assume 8 GiB
  return kb * 1024 / 4 * 3;
}

uint64_t CurrentRssBytes() { return StatusField("VmRSS:"); }
uint64_t PeakRssBytes() { return StatusField("VmHWM:"); }

}  // namespace lockcheck
