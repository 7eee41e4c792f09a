#include "checker/memory.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

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
  // Opened once and read from its start each time: the search polls it every 1,024 steps, and
  // an open and a close besides the read were a hundredth of a search's time.
  static const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return StatusField("VmRSS:");
  char text[128];
  const ssize_t n = pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return StatusField("VmRSS:");
  text[n] = 0;
  char* end = nullptr;
  std::strtoull(text, &end, 10);  // the program's size
  const uint64_t pages = std::strtoull(end, nullptr, 10);
  static const uint64_t page_bytes = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return pages * page_bytes;
}
uint64_t PeakRssBytes() { return StatusField("VmHWM:"); }

namespace {

constexpr size_t kMapped = size_t{256} << 10;  // from here up, a mapping of its own

}  // namespace

ZeroedMemory::ZeroedMemory(size_t bytes) {
  bytes_ = bytes;
  if (bytes_ >= kMapped) {
    // The mapping is zeroed. Huge pages where the kernel allows (2 MiB-aligned stretches, the
    // ends in small pages, so it holds no more than the table needs), then every page is
    // faulted in by one call: whoever fills it would touch every page anyway, and
    // taking the faults one by one was half its cost. Both are advice; where a kernel lacks
    // them, the pages come on first touch.
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      madvise(p, bytes_, MADV_HUGEPAGE);
      madvise(p, bytes_, MADV_POPULATE_WRITE);
      p_ = static_cast<unsigned char*>(p);
      mapped_ = true;
      return;
    }
  }
  p_ = static_cast<unsigned char*>(std::calloc(bytes_, 1));
  if (p_ == nullptr) throw std::bad_alloc();
}

ZeroedMemory& ZeroedMemory::operator=(ZeroedMemory&& o) noexcept {
  if (this != &o) {
    Release();
    p_ = o.p_;
    bytes_ = o.bytes_;
    mapped_ = o.mapped_;
    o.p_ = nullptr;
  }
  return *this;
}

void ZeroedMemory::Release() {
  if (p_ == nullptr) return;
  if (mapped_) {
    munmap(p_, bytes_);
  } else {
    std::free(p_);
  }
  p_ = nullptr;
}

}  // namespace lockcheck
