// threading.Thread and _thread.start_new_thread: the errors and names CPython gives them.
//
// A thread's life in the model: created (a Thread object), started (a thread record exists and
// its first step is a visible no-op, so the child may run before or after start() returns),
// finished when its target returns or raises. join() is enabled once the target finished;
// join(timeout) may also give up while it has not (the same commuting argument as lock.h).
#ifndef LOCKCHECK_PRIMITIVES_THREAD_H_
#define LOCKCHECK_PRIMITIVES_THREAD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace lockcheck {

inline constexpr absl::string_view kStartedTwice = "threads can only be started once";
inline constexpr absl::string_view kJoinBeforeStart = "cannot join thread before it is started";
inline constexpr absl::string_view kJoinCurrent = "cannot join current thread";
inline constexpr absl::string_view kDaemonActive = "cannot set daemon status of active thread";
inline constexpr absl::string_view kMainThreadName = "MainThread";

// "Thread-3" or "Thread-3 (worker)", as threading._newname and Thread.__init__ build it.
std::string DefaultThreadName(int64_t counter, absl::string_view target_name);
// "Dummy-2": the name current_thread() gives a thread started by _thread.start_new_thread.
std::string DummyThreadName(int64_t counter);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_THREAD_H_
