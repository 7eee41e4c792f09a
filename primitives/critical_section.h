// lockcheck.capi.critical_section(obj) and critical_section2(a, b): the per-object critical
// sections of free-threaded CPython (Python/critical_section.c, Include/internal/
// pycore_critical_section.h), as context managers: `with critical_section(a):` is
// Py_BEGIN_CRITICAL_SECTION(a) ... Py_END_CRITICAL_SECTION().
//
// Every object has its own mutex (ob_mutex). A section object's state says whether it holds
// its objects' mutexes; an object's mutex is locked exactly when some section holds it, so the
// mutexes need no state of their own. A thread's sections form a stack: the sections on its
// value stack (a `with` keeps its manager there), in order, the last one the top-most.
//
// Suspension (_PyCriticalSection_SuspendAll, from _PyThreadState_Detach): when a thread that
// holds sections would block (any wait that cannot complete now: a lock, a join, a PyMutex,
// another section's mutex; and time.sleep), its step releases every section it holds and marks
// them suspended, before it waits. Resumption (_PyCriticalSection_Resume): once the thread runs
// again, before its next visible operation, the top-most section, if suspended, takes its
// mutexes back (waiting for them if it must); outer sections stay suspended until the sections
// above them end (_PyCriticalSection_Pop resumes the new top-most).
#ifndef LOCKCHECK_PRIMITIVES_CRITICAL_SECTION_H_
#define LOCKCHECK_PRIMITIVES_CRITICAL_SECTION_H_

#include <cstdint>
#include <string>

#include "primitives/routine.h"

namespace lockcheck {

class Machine;

// Payload slots of a kCriticalSection object.
enum CriticalSectionSlot : int {
  kCsFirst,   // the object whose mutex is locked first (the lower identity)
  kCsSecond,  // the other object (None: a one-object section, or both the same object)
  kCsState,   // CsState
  kCsLabel,   // str: the argument text of the call ("a" or "a, b"), for traces
  kCsTwo,     // bool: made by critical_section2
  kCsSlots
};
enum CsState : int {
  kCsNew,         // not entered yet
  kCsHolding,     // active: holds its mutexes
  kCsFirstOnly,   // critical_section2 waiting for its second mutex, holding the first
  kCsSuspended,   // released by a suspension; resumes when it is the top-most again
  kCsReentered,   // entered while the top-most section held its object: locked nothing
  kCsEnded,
};
// Wait kinds of a PendingKind::kPrimitive on a section.
enum CsWait : uint8_t {
  kWaitBeginFirst,   // Py_BEGIN_CRITICAL_SECTION: its (first) mutex
  kWaitBeginSecond,  // critical_section2: the second mutex
  kWaitResume,       // a suspended top-most section takes its mutexes back
};

// The thread that holds `obj`'s mutex, or -1.
int CsMutexHolder(const Machine& m, Value obj);
// Whether thread t holds any section's mutex (a suspension would release it).
bool CsHoldsAny(const Machine& m, int t);
// The thread's top-most section (None when it has none).
Value CsTopMost(const Machine& m, int t);
// Interpreter::Choices for a thread of a program that uses the C API: a thread that holds
// sections and would block (`choices` has no kChoiceProceed) has one transition, the suspension.
uint32_t CsChoices(const Machine& m, int t, uint32_t choices);

uint32_t CsWaitChoices(const Machine& m, int t, Value section, uint8_t wait);
int32_t CsWaitHolder(const Machine& m, int t, Value section, uint8_t wait);

// critical_section(obj), critical_section2(a, b).
Flow CsFunction(RoutineContext& cx, Builtin fn, const Value* args, size_t nargs,
                const Value* kwnames, size_t nkw, size_t below, Value* result);
// __enter__ (Py_BEGIN_CRITICAL_SECTION) and __exit__ (Py_END_CRITICAL_SECTION).
Flow CsMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
              const Value* kwnames, size_t nkw, size_t below, Value* result);
// Releases every section thread `cx.Thread()` holds, marking them suspended; the trace text.
std::string CsSuspendAll(RoutineContext& cx, const Machine& m);
// The top-most section resumes (its mutexes are free: CsWaitChoices said so).
void CsResume(RoutineContext& cx, Value section);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_CRITICAL_SECTION_H_
