#include "primitives/table.h"

#include "primitives/barrier.h"
#include "primitives/condition.h"
#include "primitives/event.h"
#include "primitives/queue.h"
#include "primitives/semaphore.h"

namespace lockcheck {

using namespace native;  // NOLINT: the routines are this table's rows

namespace {

constexpr PrimitiveRow kPrimitives[] = {
    {ObjType::kCondition, ConditionMethod},
    {ObjType::kEvent, EventMethod},
    {ObjType::kSemaphore, SemaphoreMethod},
    {ObjType::kBarrier, BarrierMethod},
    {ObjType::kQueue, QueueMethod},
};

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
  for (const PrimitiveRow& row : kPrimitives)
    if (row.type == type) return row.method;
  return nullptr;
}

const RoutineRow& RoutineRowOf(int routine) { return kRoutines[routine]; }

}  // namespace lockcheck
