// _thread.interrupt_main(signum=signal.SIGINT) (Modules/_threadmodule.c
// `_thread_interrupt_main_impl` -> `PyErr_SetInterruptEx`, Modules/signalmodule.c).
//
// CPython "simulates the effect of a signal arriving in the main thread": PyErr_SetInterruptEx
// checks the signal number (1 <= signum < NSIG, else the caller's ValueError "signal number out
// of range"), skips a signal whose handler is SIG_IGN or SIG_DFL, and calls trip_signal, which
// sets the signal's tripped flag and the eval breaker: no real signal is sent (no kill()), so a
// main thread blocked in lock.acquire(), join() or a wait is not woken and stays blocked until
// it wakes for its own reasons. The handler, SIGINT's default_int_handler, runs when the main
// thread next checks its eval breaker, and raises KeyboardInterrupt there.
//
// The model keeps the tripped flag in a hidden global (only programs that name
// interrupt_main have it). Setting it is a visible operation; the main thread raises
// KeyboardInterrupt at its next eval-breaker check (Exec::Run: after a call returns, at a
// Python function's entry, on a backward jump), so a blocked acquire first acquires. SIGINT has its default handler; every other signal has SIG_DFL (the signal module is
// not modelled), for which interrupt_main does nothing.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::InterruptMain(const Value* args, size_t nargs, const Value* kwnames, size_t nkw,
                         Value* result) {
  *result = Value::None();
  // PyArg_ParseTuple(args, "|i:signum", &signum) of a METH_VARARGS function.
  (void)kwnames;
  if (nkw > 0) return Raise(Builtin::kExcType, "interrupt_main() takes no keyword arguments");
  if (nargs > 1) {
    return Raise(Builtin::kExcType,
                 absl::StrCat("signum() takes at most 1 argument (", nargs, " given)"));
  }
  int64_t signum = 2;  // signal.SIGINT
  if (nargs == 1) {
    if (!IsInt(args[0])) {
      return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(args[0]),
                                                   "' object cannot be interpreted as an integer"));
    }
    signum = IntOf(args[0]);
  }
  if (signum < 1 || signum >= 65) return Raise(Builtin::kExcValue, "signal number out of range");
  // Any other signal has its default handler (the signal module is not modelled), for which
  // PyErr_SetInterruptEx does nothing.
  if (signum != 2) return Flow::kNext;
  const int32_t slot = rt_.program.interrupt_slot;
  if (slot < 0) {  // the program never names it: its flag has no slot
    return InputError("unsupported in scenarios: _thread.interrupt_main reached other than by "
                      "its name");
  }
  if (!GateAccess(Access::kGlobalWrite, Value::SmallInt(slot))) return Flow::kYield;
  m_.globals[slot] = Value::Bool(true);
  if (tracing()) Outcome("interrupts the main thread");
  return Flow::kNext;
}

Flow Exec::RaiseInterrupt() {
  m_.globals[rt_.program.interrupt_slot] = Value::Bool(false);
  return Raise(Builtin::kExcKeyboardInterrupt, "");
}

}  // namespace lockcheck
