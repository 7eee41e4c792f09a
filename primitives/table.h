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
using PrimitiveFunctionFn = Flow (*)(RoutineContext& cx, Builtin fn, const Value* args,
                                     size_t nargs, const Value* kwnames, size_t nkw,
                                     size_t below, Value* result);
// A PendingKind::kPrimitive on an object of the row's type: its choices, and the thread it
// waits for (-1: none), for deadlock reports.
using WaitChoicesFn = uint32_t (*)(const Machine& m, int t, Value obj, uint8_t wait);
using WaitHolderFn = int32_t (*)(const Machine& m, int t, Value obj, uint8_t wait);

struct PrimitiveRow {
  ObjType type;
  PrimitiveMethodFn method;  // nullptr: no methods (the C API's objects)
  WaitChoicesFn choices;     // nullptr: never waited on through kPrimitive
  WaitHolderFn holder;
};

// A module function answered by a primitive (the C API's functions and constructors).
struct FunctionRow {
  Builtin fn;
  PrimitiveFunctionFn call;
};

struct RoutineRow {
  native::Routine routine;
  RoutineStepFn step;
  bool runs_code;          // may call scenario code (a predicate, a barrier's action)
  RoutineUnwindFn unwind;  // an exception leaves it (nullptr: nothing to undo)
};

// The primitive answering methods of objects of `type`, or nullptr.
PrimitiveMethodFn PrimitiveMethodOf(ObjType type);
// The primitive answering calls of builtin `fn`, or nullptr.
PrimitiveFunctionFn PrimitiveFunctionOf(Builtin fn);
// PendingKind::kPrimitive: its choices, and whom it waits for.
uint32_t PrimitiveWaitChoices(const Machine& m, int t, const Pending& p);
int32_t PrimitiveWaitHolder(const Machine& m, int t, const Pending& p);
// The row of routine `routine` (0 <= routine < kNumRoutines).
const RoutineRow& RoutineRowOf(int routine);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_TABLE_H_
