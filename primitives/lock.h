// threading.Lock (= _thread.lock): a PyMutex with no owner.
//
// The model keeps the lock word (locked or not) and, for reports only, the thread that took
// it last. CPython's parking queue, barging and hand-off (Python/lock.c) need no state of
// their own here: a release makes the lock free and every waiter able to retry, and the
// scheduler may run any of them, or the releaser again, first. That reproduces every outcome of
// both the hand-off and the barging path (reference §3.3), because the checker may switch
// threads right after the release.
//
// A waiter whose acquire has a timeout may give up whenever the lock is held. Giving up while
// it is free (a timeout that fires just after a release) is not a separate behaviour: it
// commutes back to the last moment the lock was held, since the timed-out thread touched
// nothing in between.
#ifndef LOCKCHECK_PRIMITIVES_LOCK_H_
#define LOCKCHECK_PRIMITIVES_LOCK_H_

#include <cstdint>
#include <string_view>

#include "absl/strings/string_view.h"

namespace lockcheck {

inline constexpr absl::string_view kReleaseUnlocked = "release unlocked lock";
// threading.TIMEOUT_MAX on a 64-bit Linux build.
inline constexpr double kTimeoutMaxSeconds = 9223372036.0;

// How an acquire call may wait, after its arguments were checked (acquire_parse_args).
enum class AcquireMode : uint8_t {
  kBlocking,     // acquire() / acquire(True) / acquire(timeout=-1)
  kNonBlocking,  // acquire(False) / acquire(timeout=0): one try
  kTimed,        // acquire(timeout=t), t > 0: may time out while the lock is held
};

// Choices of a blocking operation; a step runs one of them.
inline constexpr uint32_t kChoiceProceed = 1u << 0;  // the operation completes
inline constexpr uint32_t kChoiceTimeout = 1u << 1;  // a timed wait gives up
// A random draw (random.randint, choice, shuffle, ...: scenarios/vm/random.cc) has several
// outcomes (Interpreter::DrawOutcomes); a step runs one, numbered from 0: DrawChoice(index).
// In a bitmask of choices kChoiceDraw says only that the thread's step is a draw.
inline constexpr uint32_t kChoiceDraw = 1u << 2;
inline constexpr int kDrawShift = 8;
// The most outcomes one draw may have: a larger one is refused at its call (exit 2), never
// sampled, so the search covers every value a scenario can draw.
inline constexpr uint32_t kMaxDrawOutcomes = 64;
inline constexpr uint32_t DrawChoice(uint32_t index) { return kChoiceDraw | index << kDrawShift; }
// The kChoice* bit of a single choice (a draw's without its index).
inline constexpr uint32_t ChoiceBit(uint32_t choice) { return choice & ((1u << kDrawShift) - 1); }
inline constexpr uint32_t DrawIndex(uint32_t choice) { return choice >> kDrawShift; }

// What one acquire step did: took the lock, gave up (acquire() returns False), or, on a parking
// lock (--profile cpython-3.13, primitives/pymutex.h), parked the thread: its step ends there,
// and the same call runs again once an unlock has woken it.
enum class AcquireResult : uint8_t { kFailed, kAcquired, kParked };

struct LockState {
  bool locked = false;
  int32_t holder = -1;  // thread that acquired it last (for reports), -1 when free
};

// Which choices an acquire has now: a bitmask of kChoice*; 0 means blocked.
uint32_t LockAcquireChoices(const LockState& lock, AcquireMode mode);
// Runs one choice; returns acquire()'s result.
bool LockAcquire(LockState& lock, int32_t thread, AcquireMode mode, uint32_t choice);
// Releases; false (and no change) when the lock is not locked: RuntimeError kReleaseUnlocked.
bool LockRelease(LockState& lock);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_LOCK_H_
