#include "checker/schedule.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {

namespace {

constexpr absl::string_view kPrefix = "lc2:";
constexpr absl::string_view kOldPrefix = "lc1:";
constexpr char kCheckSeparator = '-';
constexpr int kCheckChars = 5;
// Crockford's base 32, lower case, without i, l, o and u: no two look alike.
constexpr absl::string_view kCheckAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

// The checksum of a token's text before the separator: 25 bits of FNV-1a (a fixed function, so
// a token made on one machine checks on every other), as 5 base-32 characters.
std::string Checksum(absl::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= h >> 32;
  std::string out;
  for (int i = 0; i < kCheckChars; ++i) {
    out += kCheckAlphabet[h & 31];
    h >>= 5;
  }
  return out;
}

}  // namespace

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
  std::string check = Checksum(out);
  out += kCheckSeparator;
  out += check;
  return out;
}

absl::StatusOr<Schedule> DecodeSchedule(absl::string_view token,
                                         std::optional<size_t>* loop_start) {
  if (loop_start != nullptr) loop_start->reset();
  if (token.substr(0, kOldPrefix.size()) == kOldPrefix) {
    return absl::InvalidArgumentError(
        "this token was made by an older lockcheck (\"lc1:\", without a checksum); run "
        "`lockcheck check` again for a current one");
  }
  if (token.substr(0, kPrefix.size()) != kPrefix) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a lockcheck schedule token (it should start with \"", kPrefix, "\")"));
  }
  size_t separator = token.rfind(kCheckSeparator);
  if (separator == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "the token has no checksum (it should end in '-' and 5 characters): was it cut short?");
  }
  absl::string_view check = token.substr(separator + 1);
  token = token.substr(0, separator);
  if (check != Checksum(token)) {
    return absl::InvalidArgumentError(
        "the token's checksum does not match: it was cut short or altered (copy the whole "
        "token from the report)");
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

std::string SignScheduleText(absl::string_view body) {
  std::string out(body);
  std::string check = Checksum(out);
  out += kCheckSeparator;
  out += check;
  return out;
}

}  // namespace lockcheck
