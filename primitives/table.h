// The primitives' table: for each primitive object kind, the function that answers its
// methods (its Python face), and for each routine (routine.h) the function that runs one of its
// resume points. The VM dispatches through it and knows nothing else of the primitives.
#ifndef LOCKCHECK_PRIMITIVES_TABLE_H_
#define LOCKCHECK_PRIMITIVES_TABLE_H_

#include "primitives/routine.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

using PrimitiveMethodFn = Flow (*)(RoutineContext& cx, Value self, Attr attr, const Value* args,
                                   size_t nargs, const Value* kwnames, size_t nkw, size_t below,
                                   Value* result);
using RoutineStepFn = Flow (*)(RoutineContext& cx, native::Routine routine);
using RoutineUnwindFn = void (*)(RoutineContext& cx);

struct PrimitiveRow {
  ObjType type;
  PrimitiveMethodFn method;
};

struct RoutineRow {
  native::Routine routine;
  RoutineStepFn step;
  bool runs_code;          // may call scenario code (a predicate, a barrier's action)
  RoutineUnwindFn unwind;  // an exception leaves it (nullptr: nothing to undo)
};

// The primitive answering methods of objects of `type`, or nullptr.
PrimitiveMethodFn PrimitiveMethodOf(ObjType type);
// The row of routine `routine` (0 <= routine < kNumRoutines).
const RoutineRow& RoutineRowOf(int routine);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_TABLE_H_
