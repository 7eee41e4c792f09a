#include "primitives/table.h"

#include "primitives/barrier.h"
#include "primitives/condition.h"
#include "primitives/critical_section.h"
#include "primitives/event.h"
#include "primitives/lock_methods.h"
#include "primitives/pymutex.h"
#include "primitives/queue.h"
#include "primitives/semaphore.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines are this table's rows

namespace {

constexpr PrimitiveRow kPrimitives[] = {
    {ObjType::kLock, LockMethod, nullptr, nullptr},
    {ObjType::kRLock, LockMethod, nullptr, nullptr},
    {ObjType::kCondition, ConditionMethod, nullptr, nullptr},
    {ObjType::kEvent, EventMethod, nullptr, nullptr},
    {ObjType::kSemaphore, SemaphoreMethod, nullptr, nullptr},
    {ObjType::kBarrier, BarrierMethod, nullptr, nullptr},
    {ObjType::kQueue, QueueMethod, nullptr, nullptr},
    {ObjType::kPyMutex, nullptr, PyMutexWaitChoices, PyMutexHolder},
    {ObjType::kCriticalSection, CsMethod, CsWaitChoices, CsWaitHolder},
};

constexpr FunctionRow kFunctions[] = {
    {Builtin::kPyMutexType, PyMutexFunction},
    {Builtin::kPyMutexLock, PyMutexFunction},
    {Builtin::kPyMutexUnlock, PyMutexFunction},
    {Builtin::kPyMutexIsLocked, PyMutexFunction},
    {Builtin::kCriticalSection, CsFunction},
    {Builtin::kCriticalSection2, CsFunction},
};

const PrimitiveRow* RowOf(ObjType type) {
  for (const PrimitiveRow& row : kPrimitives)
    if (row.type == type) return &row;
  return nullptr;
}

// In the order of native::Routine (checked below).
constexpr RoutineRow kRoutines[] = {
    {kCondWait, ConditionStep, false, nullptr},
    {kCondNotify, ConditionStep, false, nullptr},
    {kCondWaitFor, ConditionWaitForStep, true, nullptr},
    {kEventSet, EventStep, false, nullptr},
    {kEventClear, EventStep, false, nullptr},
    {kEventWait, EventStep, false, nullptr},
    {kSemAcquire, SemaphoreStep, false, nullptr},
    {kSemRelease, SemaphoreStep, false, nullptr},
    {kBarrierWait, BarrierStep, true, BarrierUnwind},
    {kBarrierReset, BarrierStep, false, nullptr},
    {kBarrierAbort, BarrierStep, false, nullptr},
    {kQueuePut, QueueStep, false, nullptr},
    {kQueueGet, QueueStep, false, nullptr},
    {kQueueTaskDone, QueueStep, false, nullptr},
    {kQueueJoin, QueueStep, false, nullptr},
    {kQueueQuery, QueueStep, false, nullptr},
    {kQueueShutdown, QueueStep, false, nullptr},
};

constexpr bool InRoutineOrder() {
  int i = 0;
  for (const RoutineRow& r : kRoutines)
    if (r.routine != i++) return false;
  return i == kNumRoutines;
}
static_assert(InRoutineOrder(), "kRoutines must list every native::Routine in order");

}  // namespace

PrimitiveMethodFn PrimitiveMethodOf(ObjType type) {
  const PrimitiveRow* row = RowOf(type);
  return row == nullptr ? nullptr : row->method;
}

PrimitiveFunctionFn PrimitiveFunctionOf(Builtin fn) {
  for (const FunctionRow& row : kFunctions)
    if (row.fn == fn) return row.call;
  return nullptr;
}

uint32_t PrimitiveWaitChoices(const Machine& m, int t, const Pending& p) {
  const PrimitiveRow* row = RowOf(m.type(p.obj));
  return row == nullptr || row->choices == nullptr ? 0 : row->choices(m, t, p.obj, p.mode);
}

int32_t PrimitiveWaitHolder(const Machine& m, int t, const Pending& p) {
  const PrimitiveRow* row = RowOf(m.type(p.obj));
  return row == nullptr || row->holder == nullptr ? -1 : row->holder(m, t, p.obj, p.mode);
}

const RoutineRow& RoutineRowOf(int routine) { return kRoutines[routine]; }

}  // namespace lockcheck
