#include "checker/schedule.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {

namespace {

constexpr absl::string_view kPrefix = "lc2:";
constexpr absl::string_view kOldPrefix = "lc1:";
// Schedules up to this many steps are written one character per step; longer ones write a
// block of steps repeated in a row once, with its count. A counterexample of 800,000 steps
// (every thread of a loop of 100,000 increments) is otherwise an 800,000-character token: more
// than a shell passes as one argument (128 KiB on Linux), so its replay command could not run.
constexpr size_t kPlainSteps = 256;
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
// The longest block a group repeats: a loop body, or a turn of as many threads.
constexpr size_t kMaxGroup = 64;
// A decoded token may not stand for more steps than this (a group count is a number any size).
constexpr size_t kMaxSteps = 50'000'000;

std::string StepText(const ScheduleStep& s) {
  if (s.thread < 26) return std::string(1, static_cast<char>((s.timeout ? 'A' : 'a') + s.thread));
  return absl::StrCat("{", s.thread, s.timeout ? "!" : "", "}");
}

// Steps [begin, end) with repeats grouped: at each step, the block repeated in a row that saves
// the most characters, when it saves any, as "(STEPS)COUNT".
void AppendGrouped(const Schedule& schedule, size_t begin, size_t end, std::string& out) {
  size_t i = begin;
  while (i < end) {
    size_t best_period = 0, best_count = 0;
    int64_t best_saving = 0;
    for (size_t p = 1; p <= kMaxGroup && i + 2 * p <= end; ++p) {
      size_t same = 0;
      while (i + same + p < end && schedule[i + same] == schedule[i + same + p]) ++same;
      const size_t count = 1 + same / p;
      if (count < 2) continue;
      size_t width = 0;
      for (size_t k = i; k < i + p; ++k) width += StepText(schedule[k]).size();
      const int64_t saving = static_cast<int64_t>((count - 1) * width) -
                             static_cast<int64_t>(2 + absl::StrCat(count).size());
      if (saving > best_saving) {
        best_saving = saving;
        best_period = p;
        best_count = count;
      }
    }
    if (best_period == 0) {
      out += StepText(schedule[i++]);
      continue;
    }
    out += '(';
    for (size_t k = i; k < i + best_period; ++k) out += StepText(schedule[k]);
    absl::StrAppend(&out, ")", best_count);
    i += best_period * best_count;
  }
}

}  // namespace

std::string EncodeSchedule(const Schedule& schedule, std::optional<size_t> loop_start) {
  const bool grouped = schedule.size() > kPlainSteps;
  std::string out(kPrefix);
  // A group never spans the start of a lasso's cycle.
  const size_t cut = loop_start && *loop_start < schedule.size() ? *loop_start : schedule.size();
  auto append = [&](size_t begin, size_t end) {
    if (grouped) {
      AppendGrouped(schedule, begin, end, out);
    } else {
      for (size_t i = begin; i < end; ++i) out += StepText(schedule[i]);
    }
  };
  append(0, cut);
  if (cut < schedule.size()) {
    out += '.';
    append(cut, schedule.size());
  }
  return SignScheduleText(out);
}

std::string SignScheduleText(absl::string_view body) {
  std::string out(body);
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
  // An open group: where its steps begin. (Not a std::optional: g++ 12 cannot see that the
  // value is set wherever it is read, and warns -Wmaybe-uninitialized.)
  bool in_group = false;
  size_t group_begin = 0;
  for (size_t i = kPrefix.size(); i < token.size(); ++i) {
    char c = token[i];
    if (c == '.') {
      if (loop_start == nullptr || loop_start->has_value() || in_group) {
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
    } else if (c == '(' && !in_group) {
      in_group = true;
      group_begin = out.size();
    } else if (c == ')' && in_group) {
      size_t end = i + 1;
      while (end < token.size() && token[end] >= '0' && token[end] <= '9') ++end;
      uint64_t count;
      const size_t steps = out.size() - group_begin;
      if (!absl::SimpleAtoi(token.substr(i + 1, end - i - 1), &count) || count < 1 ||
          steps == 0) {
        return absl::InvalidArgumentError(absl::StrCat("bad group count at offset ", i + 1));
      }
      if (count > kMaxSteps || steps * count > kMaxSteps - (out.size() - steps)) {
        return absl::InvalidArgumentError(
            absl::StrCat("the token stands for more than ", kMaxSteps, " steps"));
      }
      const Schedule block(out.end() - static_cast<std::ptrdiff_t>(steps), out.end());
      out.reserve(out.size() + steps * (count - 1));
      for (uint64_t k = 1; k < count; ++k) out.insert(out.end(), block.begin(), block.end());
      in_group = false;
      i = end - 1;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected character '", std::string(1, c), "' at offset ", i));
    }
  }
  if (in_group) return absl::InvalidArgumentError("unterminated '(' in the token");
  if (loop_start != nullptr && loop_start->has_value() && **loop_start == out.size()) {
    return absl::InvalidArgumentError("the cycle after '.' is empty");
  }
  return out;
}

}  // namespace lockcheck
