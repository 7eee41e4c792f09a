// Schedule: the choices of one execution, and its replay token.
//
// A step is (thread, choice). The token is versioned: "lc2:" then one character per step:
// thread 0-25 as 'a'-'z' (upper case 'A'-'Z' when the step is a time-out), threads from 26 on
// as "{n}" (or "{n!}" for a time-out), then '-' and a 5-character checksum of everything
// before it, so that a token cut short or altered in copying is refused instead of replaying a
// different schedule (a cut token used to replay "without a bug"). A token that does not
// parse, fails its checksum, or does not fit the scenario when replayed, is an input error,
// never a crash. "lc1:" tokens (no checksum) are refused with a message saying so.
//
// A step that is a random draw (random.randint, choice, ...) is followed by '=' and the index of
// its outcome: "lc2:ab=2a-xxxxx" is step a, then b drawing its outcome 2, then a. Tokens without
// draws are written and read as before.
//
// A lasso (a path into a cycle that repeats forever) marks where its cycle starts with '.':
// "lc2:ab.ba-xxxxx" is step a, then the cycle b, a.
//
// In schedules of more than 256 steps a block of steps repeated in a row is written once in
// parentheses with its count, "lc2:ab(bcde)199990a-xxxxx" (groups do not nest, and none spans
// the '.'), so that an 800,000-step counterexample's token stays short enough to pass on a
// command line.
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
  int32_t draw = -1;     // a random draw's outcome, numbered from 0 (-1: the step is no draw)
  bool operator==(const ScheduleStep&) const = default;
};
using Schedule = std::vector<ScheduleStep>;

std::string EncodeSchedule(const Schedule& schedule,
                           std::optional<size_t> loop_start = std::nullopt);
// `loop_start` (if given) gets the index of the cycle's first step, if the token has one; a
// token with a cycle is an error where none is expected.
absl::StatusOr<Schedule> DecodeSchedule(absl::string_view token,
                                         std::optional<size_t>* loop_start = nullptr);

// `body` ("lc2:" and the steps) with its checksum appended: for tests that write tokens by hand.
std::string SignScheduleText(absl::string_view body);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_SCHEDULE_H_
