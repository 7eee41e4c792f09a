// Schedule: the choices of one execution, and its replay token.
//
// A step is (thread, choice). The token is versioned: "lc1:" then one character per step:
// thread 0-25 as 'a'-'z' (upper case 'A'-'Z' when the step is a time-out), threads from 26 on
// as "{n}" (or "{n!}" for a time-out). A token that does not parse, or does not fit the
// scenario when replayed, is an input error, never a crash.
//
// A lasso (a path into a cycle that repeats forever) marks where its cycle starts with '.':
// "lc1:ab.ba" is step a, then the cycle b, a.
//
// Schedules of more than 256 steps are written "lc2:": lc1 where a block of steps repeated
// in a row may be written once in parentheses with its count, "lc2:ab(bcde)199990a" (groups
// do not nest, and none spans the '.'), so that an 800,000-step counterexample's token stays
// short enough to pass on a command line. Both versions decode.
#ifndef LOCKCHECK_CHECKER_SCHEDULE_H_
#define LOCKCHECK_CHECKER_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"

namespace lockcheck {

struct ScheduleStep {
  uint16_t thread = 0;
  bool timeout = false;  // the step runs the kChoiceTimeout outcome
  bool operator==(const ScheduleStep&) const = default;
};
using Schedule = std::vector<ScheduleStep>;

std::string EncodeSchedule(const Schedule& schedule,
                           std::optional<size_t> loop_start = std::nullopt);
// `loop_start` (if given) gets the index of the cycle's first step, if the token has one; a
// token with a cycle is an error where none is expected.
absl::StatusOr<Schedule> DecodeSchedule(absl::string_view token,
                                         std::optional<size_t>* loop_start = nullptr);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_SCHEDULE_H_
