// Runtime: what every step of one check shares (read-only during the search, apart from the
// thread-safe Interner), and the records a step hands back to the checker.
#ifndef LOCKCHECK_SCENARIOS_VM_RUNTIME_H_
#define LOCKCHECK_SCENARIOS_VM_RUNTIME_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "primitives/profile.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/lang/source.h"
#include "scenarios/vm/value.h"

namespace lockcheck {

class Machine;
// CPython's default recursion limit (sys.getrecursionlimit()): a call that would make a
// thread's stack deeper raises RecursionError there. max_call_depth is at most this; below it,
// the checker's own limit is an input error instead.
inline constexpr int32_t kCPythonRecursionLimit = 1000;

struct Limits {
  uint64_t step_budget = 1'000'000;  // instructions between two visible operations
  int32_t max_call_depth = 200;      // Python frames per thread
  int64_t max_object_size = 100'000; // items of a list/tuple/dict, characters of a str
  // Values in one state's heap (Machine::arena, 8 bytes each: 32 MiB). Many objects each under
  // max_object_size can still fill the machine's memory within one step (a loop appending
  // big lists to a list no other thread sees), before the search's memory limit, which is
  // checked between states, gets a chance.
  uint64_t max_heap_values = uint64_t{1} << 22;
};

struct Runtime {
  Runtime(const Program& program, std::shared_ptr<Interner> interner, Limits limits,
          Profile profile = Profile::kLanguage);

  const Program& program;
  std::shared_ptr<Interner> interner;
  Limits limits;
  // Which model the primitives follow (primitives/profile.h): under cpython-3.13 every Lock is
  // a parking lock (ParkingLock in scenarios/vm/machine.h).
  Profile profile;
  std::vector<Value> constants;               // Program::constants as Values
  std::vector<std::vector<Value>> kwnames;    // Program::kwnames as interned strs
  std::vector<Value> attr_names;              // unused slots stay None
  std::vector<Value> method_names;            // Program::method_names as interned strs
};

// Something a step found. Bugs are data: the checker decides what they mean.
struct VmEvent {
  enum class Kind {
    kUnlockNotHeld,  // a release of something not held raised (message = the error)
    kUncaught,       // an exception escaped a thread
    kInputError,     // the scenario cannot be checked (runaway loop, overflow, ...)
    kHandled,        // an except clause caught an already reported exception (loc: its raise)
  };
  Kind kind;
  int32_t thread = 0;
  std::string exc_type;   // "RuntimeError", "AssertionError", ...
  std::string message;    // the exception's str(), or the diagnostic
  SourceLoc loc;          // where it happened
};

// What a visible operation did to shared state, taken from the footprint it was scheduled
// with (the same data the partial-order reduction reads), so reports can reason about
// conflicts without reading the outcome text.
enum class OpAccess : uint8_t {
  kOther,    // nothing another thread can see, or a footprint the VM does not spell out
  kRead,     // a global or a shared container, read
  kWrite,    // a global or a shared container, written
  kAcquire,  // a Lock or RLock, acquire tried (blocking, timed or not)
  kRelease,  // a Lock or RLock, released
  kStart,    // a Thread started
  kJoin,     // a Thread joined
};

// One visible operation as a trace shows it.
struct OpRecord {
  int32_t thread = 0;
  std::string op;       // source text: "b.acquire()", "counter", "with lock"
  SourceLoc loc;
  std::string outcome;  // "acquired", "read 3", "raised RuntimeError('...')"
  std::string output;   // text printed by the operation
  OpAccess access = OpAccess::kOther;
  int32_t global = -1;  // the module global it read or wrote, by index; -1 for none
  int64_t object = -1;  // the heap object it touched (a number stable through one replay,
                        // which never packs the machine); -1 for none
};

// What Step reports besides the new state. `trace` is null during the search (no cost).
struct StepOutput {
  std::vector<VmEvent> events;      // usually empty
  std::vector<OpRecord>* trace = nullptr;
  bool slept = false;               // the step ran a time.sleep (time passed)
  // PyMutex's eventual hand-off (primitives/pymutex.h), for the cycle check: the threads an
  // unlock in this step woke without handing them the mutex (bit t for thread t < 64), and
  // whether the stepping thread ended the step parked on a PyMutex.
  uint64_t woke_unfairly = 0;
  bool parked = false;
  // Tracing only: called just before a record is added to a non-empty `trace`, when the
  // operation of the last record has completed (a step runs several when its thread is alone),
  // so that the caller can note the state after it. Never called during the search.
  std::function<void(const Machine&)> before_record;
  // The search's stop request inside one long step: asked every kStopPollInstructions
  // instructions; a non-empty answer (the limit that is hit: "interrupted", "time-limit", ...)
  // gives the step up, leaving the machine unusable, and is kept in `abandoned`. Empty when
  // replaying a trace, which always runs to the end.
  std::function<std::string()> should_stop;
  static constexpr uint64_t kStopPollInstructions = uint64_t{1} << 16;
  std::string abandoned;  // the limit the step was given up at, or "" (it ran to its end)
  // The reduction's cycle proviso (checker/por.h) asks whether the step goes round a loop:
  // the jump instructions it watches ([code][pc]; null: nobody asks), and whether the step
  // took one of them.
  const std::vector<std::vector<bool>>* watched_jumps = nullptr;
  bool took_watched_jump = false;
  void Clear() {
    events.clear();
    took_watched_jump = false;
    slept = false;
    woke_unfairly = 0;
    parked = false;
    abandoned.clear();
  }
};

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_RUNTIME_H_
