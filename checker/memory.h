// The process's memory use, from /proc (Linux).
#ifndef LOCKCHECK_CHECKER_MEMORY_H_
#define LOCKCHECK_CHECKER_MEMORY_H_

#include <cstddef>
#include <cstdint>

namespace lockcheck {

uint64_t CurrentRssBytes();  // resident set size now
uint64_t PeakRssBytes();     // high-water mark of the resident set
// The memory limit when none is given: three quarters of the machine's memory, so a search that
// would exhaust it stops with an `incomplete` verdict instead.
uint64_t DefaultMemoryLimitBytes();

// Zeroed memory of `bytes` bytes: from calloc when small; when large, mapped fresh from the
// kernel and faulted in at once (no pass of ours clears it, and no first touch takes a fault
// of its own: in a virtual machine a fault costs microseconds).
class ZeroedMemory {
 public:
  ZeroedMemory() = default;
  explicit ZeroedMemory(size_t bytes);
  ZeroedMemory(ZeroedMemory&& o) noexcept : p_(o.p_), bytes_(o.bytes_), mapped_(o.mapped_) {
    o.p_ = nullptr;
  }
  ZeroedMemory& operator=(ZeroedMemory&& o) noexcept;
  ~ZeroedMemory() { Release(); }
  unsigned char* get() const { return p_; }
  size_t bytes() const { return bytes_; }

 private:
  void Release();
  unsigned char* p_ = nullptr;
  size_t bytes_ = 0;
  bool mapped_ = false;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_MEMORY_H_
