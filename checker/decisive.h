// Decisive steps: which steps of a counterexample decide its bug, so a report can point at
// them in a long trace. Derived from the footprints of the visible operations (OpRecord's
// access, global, object), never from their text.
//
//   * A failed assertion or an exception: the variables the failing statement read. On each,
//     the first lost update (a thread reads it, another writes it, the first writes over that
//     write; for a shared container, whose write may change only part of it, a write on a
//     stale read); else the last write by another thread before the failing read, with the
//     failing thread's read before that write if there is one (check, then act on a changed
//     value). The failing statement's read and the failing step are decisive too.
//   * unlock-not-held: the failing release, and the last acquire or release of that lock by
//     another thread before it.
//   * A deadlock: for every thread blocked on a lock, the holder's last acquire of that lock.
//   * Lassos (starvation, livelock, partial deadlock) and lock-order warnings: none; a
//     lasso's cycle is marked already.
#ifndef LOCKCHECK_CHECKER_DECISIVE_H_
#define LOCKCHECK_CHECKER_DECISIVE_H_

#include <vector>

#include "checker/explorer.h"
#include "checker/result.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

// Sets TraceStep::decisive on bug.trace (one step per record of `records`, in order) and
// writes bug.decisive. `m` is the machine at the end of the counterexample.
void MarkDecisive(const Interpreter& interp, const Machine& m,
                  const std::vector<OpRecord>& records, const BugOccurrence& occurrence,
                  Bug& bug);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_DECISIVE_H_
