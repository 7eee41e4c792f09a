#include "primitives/lock.h"

namespace lockcheck {

uint32_t LockAcquireChoices(const LockState& lock, AcquireMode mode) {
  switch (mode) {
    case AcquireMode::kNonBlocking: return kChoiceProceed;  // returns True or False at once
    case AcquireMode::kBlocking: return lock.locked ? 0 : kChoiceProceed;
    case AcquireMode::kTimed: return lock.locked ? kChoiceTimeout : kChoiceProceed;
  }
  return 0;
}

bool LockAcquire(LockState& lock, int32_t thread, AcquireMode mode, uint32_t choice) {
  if (choice == kChoiceTimeout || lock.locked) return false;
  lock.locked = true;
  lock.holder = thread;
  return true;
}

bool LockRelease(LockState& lock) {
  if (!lock.locked) return false;
  lock.locked = false;
  lock.holder = -1;
  return true;
}

}  // namespace lockcheck
