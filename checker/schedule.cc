#include "checker/schedule.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {

namespace {
constexpr absl::string_view kPrefix = "lc1:";
}

std::string EncodeSchedule(const Schedule& schedule, std::optional<size_t> loop_start) {
  std::string out(kPrefix);
  for (size_t i = 0; i < schedule.size(); ++i) {
    const ScheduleStep& s = schedule[i];
    if (loop_start && *loop_start == i) out += '.';
    if (s.thread < 26) {
      out += static_cast<char>((s.timeout ? 'A' : 'a') + s.thread);
    } else {
      absl::StrAppend(&out, "{", s.thread, s.timeout ? "!" : "", "}");
    }
  }
  return out;
}

absl::StatusOr<Schedule> DecodeSchedule(absl::string_view token,
                                         std::optional<size_t>* loop_start) {
  if (loop_start != nullptr) loop_start->reset();
  if (token.substr(0, kPrefix.size()) != kPrefix) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a lockcheck schedule token (it should start with \"", kPrefix, "\")"));
  }
  Schedule out;
  for (size_t i = kPrefix.size(); i < token.size(); ++i) {
    char c = token[i];
    if (c == '.') {
      if (loop_start == nullptr || loop_start->has_value()) {
        return absl::InvalidArgumentError(absl::StrCat("unexpected '.' at offset ", i));
      }
      *loop_start = out.size();
    } else if (c >= 'a' && c <= 'z') {
      out.push_back({static_cast<uint16_t>(c - 'a'), false});
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back({static_cast<uint16_t>(c - 'A'), true});
    } else if (c == '{') {
      size_t end = token.find('}', i);
      if (end == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat("unterminated '{' at offset ", i));
      }
      absl::string_view body = token.substr(i + 1, end - i - 1);
      bool timeout = !body.empty() && body.back() == '!';
      if (timeout) body.remove_suffix(1);
      uint32_t n;
      if (!absl::SimpleAtoi(body, &n) || n > 65535) {
        return absl::InvalidArgumentError(absl::StrCat("bad thread number at offset ", i));
      }
      out.push_back({static_cast<uint16_t>(n), timeout});
      i = end;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected character '", std::string(1, c), "' at offset ", i));
    }
  }
  if (loop_start != nullptr && loop_start->has_value() && **loop_start == out.size()) {
    return absl::InvalidArgumentError("the cycle after '.' is empty");
  }
  return out;
}

}  // namespace lockcheck
