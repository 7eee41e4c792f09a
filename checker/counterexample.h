// Counterexamples: replaying a schedule with tracing on, and turning a bug occurrence into the
// Bug a report shows (trace, final state of every thread, wait-for cycle, replay token).
#ifndef LOCKCHECK_CHECKER_COUNTEREXAMPLE_H_
#define LOCKCHECK_CHECKER_COUNTEREXAMPLE_H_

#include <optional>
#include <string>
#include <vector>

#include "checker/explorer.h"
#include "checker/result.h"
#include "checker/schedule.h"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

// The state right after one traced operation (TraceStep::holds, TraceStep::blocked).
struct RecordState {
  std::vector<std::string> holds;  // the locks the operation's thread holds
  std::vector<int32_t> blocked;    // the threads blocked
};

struct Replayed {
  std::string error;                    // non-empty when the schedule does not fit
  std::vector<OpRecord> records;        // every visible operation, in order
  std::vector<RecordState> after;       // for each record, the state right after it
  std::vector<int32_t> step_of_record;  // the schedule step each record belongs to
  Machine final;
  std::vector<BugOccurrence> last_step_bugs;  // what the last step showed
  std::optional<VmEvent> input_error;
};

Replayed ReplaySchedule(const Interpreter& interp, const Schedule& schedule);

// The report's view of one bug, by replaying its schedule.
Bug MakeBug(const Interpreter& interp, const BugOccurrence& occurrence, const std::string& file);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_COUNTEREXAMPLE_H_
