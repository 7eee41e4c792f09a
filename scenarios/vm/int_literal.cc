#include "scenarios/vm/int_literal.h"

#include "absl/strings/ascii.h"

namespace lockcheck {
namespace {

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

bool PowerOfTwo(int base) { return (base & (base - 1)) == 0; }

}  // namespace

IntLiteral ParseIntLiteral(absl::string_view text, int base) {
  IntLiteral r;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      r.outcome = IntLiteral::Outcome::kNonAscii;
      return r;
    }
  }
  absl::string_view s = absl::StripAsciiWhitespace(text);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  // The prefix, where the base allows it; after it an underscore may come first ("0x_ff").
  bool after_prefix = false;
  if (s.size() >= 2 && s[0] == '0') {
    char p = absl::ascii_tolower(s[1]);
    int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (prefixed != 0 && (base == 0 || base == prefixed)) {
      base = prefixed;
      s.remove_prefix(2);
      after_prefix = true;
    }
  }
  bool base_zero = base == 0;
  if (base_zero) base = 10;
  // Digits, with single underscores between them (or right after a prefix).
  int64_t digits = 0;
  bool last_underscore = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (last_underscore || (i == 0 && !after_prefix)) return r;
      last_underscore = true;
      continue;
    }
    if (DigitValue(s[i]) >= base) return r;
    last_underscore = false;
    ++digits;
  }
  if (digits == 0 || last_underscore) return r;
  // Base 0 reads like a literal in source: no leading zero on a non-zero decimal number.
  if (base_zero && !after_prefix && s[0] == '0') {
    for (char c : s) {
      if (c != '0' && c != '_') return r;
    }
  }
  if (!PowerOfTwo(base) && digits > kIntMaxStrDigits) {
    r.outcome = IntLiteral::Outcome::kTooManyDigits;
    r.digits = digits;
    return r;
  }
  // Accumulate the magnitude in 128 bits; past 2^64 it cannot fit whatever the sign.
  unsigned __int128 magnitude = 0;
  const unsigned __int128 kCap = static_cast<unsigned __int128>(1) << 64;
  for (char c : s) {
    if (c == '_') continue;
    magnitude = magnitude * static_cast<unsigned>(base) + static_cast<unsigned>(DigitValue(c));
    if (magnitude > kCap) {
      r.outcome = IntLiteral::Outcome::kOverflow;
      return r;
    }
  }
  const unsigned __int128 kMaxPositive = static_cast<unsigned __int128>(INT64_MAX);
  if (magnitude > kMaxPositive + (negative ? 1 : 0)) {
    r.outcome = IntLiteral::Outcome::kOverflow;
    return r;
  }
  r.outcome = IntLiteral::Outcome::kValue;
  r.value = negative ? static_cast<int64_t>(-static_cast<__int128>(magnitude))
                     : static_cast<int64_t>(magnitude);
  return r;
}

}  // namespace lockcheck
