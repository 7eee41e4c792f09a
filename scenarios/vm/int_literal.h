// int(text, base): CPython's rules for reading an integer from a string, on 64-bit ints.
//
// The VM's ints are 64-bit (a wider result is an input error, never a different value), so
// this reads exactly what CPython's `int(str, base)` reads (sign, surrounding whitespace, the
// 0x/0o/0b prefixes in base 16/8/2 or 0, single underscores between digits, base 0's ban on
// leading zeros) and says which of CPython's outcomes applies: the value, ValueError for an
// invalid literal, ValueError for more than 4,300 digits in a base that is not a power of two
// (CPython 3.12's int/str conversion limit, raised before the value is built), or a value
// that does not fit in 64 bits.
#ifndef LOCKCHECK_SCENARIOS_VM_INT_LITERAL_H_
#define LOCKCHECK_SCENARIOS_VM_INT_LITERAL_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace lockcheck {

// CPython's default sys.get_int_max_str_digits().
inline constexpr int64_t kIntMaxStrDigits = 4300;

struct IntLiteral {
  // kNonAscii: CPython also reads other scripts' digits and Unicode spaces; not modelled.
  enum class Outcome { kValue, kInvalid, kTooManyDigits, kOverflow, kNonAscii };
  Outcome outcome = Outcome::kInvalid;
  int64_t value = 0;   // kValue
  int64_t digits = 0;  // kTooManyDigits: how many digits the text has
};

// `base` is 0 or 2..36 (the caller refuses any other as CPython does).
IntLiteral ParseIntLiteral(absl::string_view text, int base);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_INT_LITERAL_H_
