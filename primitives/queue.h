// queue.Queue (Lib/queue.py): one mutex and three Conditions on it (not_empty, not_full,
// all_tasks_done), the items (a list standing for the deque), maxsize and unfinished_tasks.
// put/get/put_nowait/get_nowait/task_done/join/qsize/empty/full follow queue.py step by step.
#ifndef LOCKCHECK_PRIMITIVES_QUEUE_H_
#define LOCKCHECK_PRIMITIVES_QUEUE_H_

#include "primitives/routine.h"

namespace lockcheck {

Flow QueueMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
                 const Value* kwnames, size_t nkw, size_t below, Value* result);
Flow QueueStep(RoutineContext& cx, native::Routine routine);

}  // namespace lockcheck

#endif  // LOCKCHECK_PRIMITIVES_QUEUE_H_
