#include "checker/memory.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

uint64_t MachineMemoryLimitBytes() {
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

}  // namespace

// Read once: the estimate asks at every progress report, and the machine's memory does not change
// during a run.
uint64_t DefaultMemoryLimitBytes() {
  static const uint64_t bytes = MachineMemoryLimitBytes();
  return bytes;
}

// The second figure of /proc/self/statm (resident pages): the searches poll it every thousand
// steps, and the kernel writes statm's seven numbers far faster than status's fifty lines.
uint64_t CurrentRssBytes() {
  const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return StatusField("VmRSS:");
  char text[128];
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return StatusField("VmRSS:");
  text[n] = 0;
  char* end = nullptr;
  std::strtoull(text, &end, 10);  // the program's size
  const uint64_t pages = std::strtoull(end, nullptr, 10);
  static const uint64_t page_bytes = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return pages * page_bytes;
}
uint64_t PeakRssBytes() { return StatusField("VmHWM:"); }

}  // namespace lockcheck
