// threading.RLock (the C _thread.RLock of 3.14, built on _PyRecursiveMutex).
//
// State: the owner and the recursion count. A recursive acquire by the owner succeeds at once
// whatever `blocking` and `timeout` say; a release by anyone but the owner raises
// RuntimeError("cannot release un-acquired lock"). Waiting for another owner behaves as
// Lock does (see lock.h).
#ifndef LOCKCHECK_PRIMITIVES_RLOCK_H_
#define LOCKCHECK_PRIMITIVES_RLOCK_H_

#include <cstdint>
#include <string_view>

#include "absl/strings/string_view.h"
#include "primitives/lock.h"

namespace lockcheck {

inline constexpr absl::string_view kReleaseUnacquired = "cannot release un-acquired lock";

struct RLockState {
  int32_t owner = -1;  // thread number, -1 when free
  int64_t count = 0;
};

uint32_t RLockAcquireChoices(const RLockState& lock, int32_t thread, AcquireMode mode);
bool RLockAcquire(RLockState& lock, int32_t thread, AcquireMode mode, uint32_t choice);
// False (and no change) when `thread` does not own it.
bool RLockRelease(RLockState& lock, int32_t thread);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_RLOCK_H_
