// Interpreter: runs one thread of a Machine from one scheduling point to the next.
//
// A step executes the thread's pending visible operation (with the choice the scheduler made:
// complete, or time out), then every invisible instruction after it (locals, arithmetic, calls
// of Python functions, ...) up to the next visible one, which it decodes into
// ThreadRec::pending and does not execute. The interpreter never chooses a thread; it only
// answers which choices a thread has (Choices) and performs one (Step).
//
// While a single thread is alive nothing can interleave with it, so its visible operations run
// inside the step too, as long as each has exactly one possible outcome.
#ifndef LOCKCHECK_SCENARIOS_VM_INTERPRETER_H_
#define LOCKCHECK_SCENARIOS_VM_INTERPRETER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/vm/machine.h"
#include "scenarios/vm/runtime.h"

namespace lockcheck {

class Interpreter {
 public:
  explicit Interpreter(const Runtime& runtime) : rt_(runtime) {}

  // The initial state: globals unbound, the main thread at the start of the module.
  void Init(Machine& m) const;
  // The choices thread `t` has now (kChoice* bits); 0 when it is blocked or finished.
  uint32_t Choices(const Machine& m, int t) const;
  // The outcomes of thread `t`'s draw when Choices has kChoiceDraw (random.randint, ...), else 0.
  uint32_t DrawOutcomes(const Machine& m, int t) const;
  // Runs thread `t` with one of its choices (a single bit, or a draw's DrawChoice(index)).
  void Step(Machine& m, int t, uint32_t choice, StepOutput& out) const;
  // The program has ended: the main thread and every non-daemon thread have finished.
  bool Ended(const Machine& m) const;

  // For reports: what a blocked thread waits on ("b.acquire()"), its line, the thread
  // holding that (or -1), and its Python stack (innermost last).
  struct WaitInfo {
    std::string op;
    SourceLoc loc;
    int32_t holder = -1;
  };
  WaitInfo DescribeWait(const Machine& m, int t) const;
  // DescribeWait(m, t).loc alone, without spelling out the operation.
  SourceLoc WaitLoc(const Machine& m, int t) const;
  std::string ThreadName(const Machine& m, int t) const;
  // The locks that are the model's own, not the program's: the waiter locks Condition.wait
  // parks threads on (while queued, and while the woken waiter still holds its own).
  std::vector<uint32_t> PrivateLocks(const Machine& m) const;

  const Runtime& runtime() const { return rt_; }
  // Whether the native routine a frame of code `code` (>= kNativeBase) runs may call Python
  // code (Condition.wait_for's predicate, a Barrier's action).
  static bool NativeRunsCode(int32_t code);

 private:
  const Runtime& rt_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_INTERPRETER_H_
