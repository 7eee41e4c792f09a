// libFuzzer target: the replay token decoder (checker/schedule.h). The input is decoded twice:
// as it is (almost always refused by the checksum, which must never crash), and signed with
// SignScheduleText so the fuzzer reaches the step syntax behind the checksum. A token that
// decodes must encode back to a token that decodes to the same schedule and cycle start.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "checker/schedule.h"
#include "tools/fuzz/fuzz_util.h"

namespace {

void RoundTrip(absl::string_view token) {
  for (bool with_loop : {false, true}) {
    std::optional<size_t> loop_start;
    absl::StatusOr<lockcheck::Schedule> decoded =
        lockcheck::DecodeSchedule(token, with_loop ? &loop_start : nullptr);
    if (!decoded.ok()) {
      FUZZ_CHECK(!decoded.status().message().empty(), "a refusal without a message");
      continue;
    }
    if (loop_start) FUZZ_CHECK(*loop_start < decoded->size(), "a cycle start past the end");
    std::string again = lockcheck::EncodeSchedule(*decoded, loop_start);
    std::optional<size_t> loop_again;
    absl::StatusOr<lockcheck::Schedule> back =
        lockcheck::DecodeSchedule(again, with_loop ? &loop_again : nullptr);
    FUZZ_CHECK(back.ok(), "an encoded schedule does not decode");
    FUZZ_CHECK(*back == *decoded, "the schedule changed in a round trip");
    FUZZ_CHECK(loop_again == loop_start, "the cycle start changed in a round trip");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  RoundTrip(text);
  // A token cut before its checksum ("lc2:ab-xyz12" -> "lc2:ab"), signed anew.
  absl::string_view body = text.substr(0, text.rfind('-'));
  RoundTrip(lockcheck::SignScheduleText(body));
  return 0;
}
