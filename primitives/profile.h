// The profile: which promises of the primitives a check relies on.
//
// * language (the default): what the Python language and its documentation promise. A Lock
//   has no owner, no queue and no fairness: a release makes it free and any thread may take it
//   next, the releaser included (primitives/lock.h).
// * cpython-3.13: what CPython 3.13 does. `threading.Lock` (= `_thread.lock`, every
//   `_thread.allocate_lock()`, and so the Locks inside Condition, Semaphore, Event, Barrier and
//   Queue) is a PyMutex (Modules/_threadmodule.c: `lockobject` holds one), so it runs on
//   PyMutex's algorithm (primitives/pymutex.h): waiters park in FIFO order, an unlock wakes
//   the oldest, a running thread may barge in, and a thread parked long enough is handed the
//   lock. `threading.RLock` keeps the language model: 3.13's `_thread.RLock` is built on a
//   PyThread_type_lock (an OS semaphore, which promises no order), not on PyMutex.
//
// A program correct only under cpython-3.13 relies on CPython's fairness, not on Python's.
#ifndef LOCKCHECK_PRIMITIVES_PROFILE_H_
#define LOCKCHECK_PRIMITIVES_PROFILE_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace lockcheck {

enum class Profile : uint8_t { kLanguage, kCPython313 };

inline constexpr Profile kProfiles[] = {Profile::kLanguage, Profile::kCPython313};

inline absl::string_view ProfileName(Profile p) {
  return p == Profile::kCPython313 ? "cpython-3.13" : "language";
}

inline std::optional<Profile> ProfileFromName(absl::string_view name) {
  for (Profile p : kProfiles)
    if (ProfileName(p) == name) return p;
  return std::nullopt;
}

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_PROFILE_H_
