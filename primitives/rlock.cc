#include "primitives/rlock.h"

namespace lockcheck {

uint32_t RLockAcquireChoices(const RLockState& lock, int32_t thread, AcquireMode mode) {
  if (lock.owner == -1 || lock.owner == thread) return kChoiceProceed;
  switch (mode) {
    case AcquireMode::kNonBlocking: return kChoiceProceed;
    case AcquireMode::kBlocking: return 0;
    case AcquireMode::kTimed: return kChoiceTimeout;
  }
  return 0;
}

bool RLockAcquire(RLockState& lock, int32_t thread, AcquireMode mode, uint32_t choice) {
  if (lock.owner == thread) {
    ++lock.count;
    return true;
  }
  if (choice == kChoiceTimeout || lock.owner != -1) return false;
  lock.owner = thread;
  lock.count = 1;
  return true;
}

bool RLockRelease(RLockState& lock, int32_t thread) {
  if (lock.owner != thread || lock.count == 0) return false;
  if (--lock.count == 0) lock.owner = -1;
  return true;
}

}  // namespace lockcheck
