// String formatting: `text % args` (printf-style) and `str.format`, as CPython renders them.
//
// Both are pure functions of the format string and the arguments' values, so they live apart
// from the VM: the caller describes each argument as a FormatArg (its number, or its str() and
// repr()) and turns a FormatError into the Python exception it names. What CPython does and
// this file does not model (mapping keys `%(name)s`, `*` widths, `%a`, `!a`, attribute and
// index field names `{0.x}` `{0[1]}`, nested `{}` in a spec, grouping `,` `_`, type `n`, a
// precision on a float with no type) is kUnsupported: an input error at the operation's line,
// never a different string.
#ifndef LOCKCHECK_SCENARIOS_VM_FORMAT_H_
#define LOCKCHECK_SCENARIOS_VM_FORMAT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace lockcheck {

struct FormatArg {
  enum class Kind { kInt, kFloat, kStr, kOther };
  Kind kind = Kind::kOther;
  bool is_bool = false;  // kInt: True or False (formatted as a number by any numeric spec)
  int64_t int_value = 0;
  double float_value = 0;
  std::string str;        // str() of the value (kStr: the string itself)
  std::string repr;       // repr() of the value
  std::string type_name;  // for messages: 'int', 'list', ...
};

struct Formatted {
  enum class Error { kNone, kType, kValue, kIndex, kKey, kUnsupported, kTooLarge };
  Error error = Error::kNone;
  std::string text;  // the result, or the message of the error
};

// `format % args`. `args` are the items of a tuple right operand, or the one non-tuple value.
// Results longer than `max_size` characters (and widths or precisions beyond it) are
// kTooLarge before anything that size is built.
Formatted PercentFormat(absl::string_view format, const std::vector<FormatArg>& args,
                        int64_t max_size);

// `format.format(*positional, **named)`.
Formatted BraceFormat(absl::string_view format, const std::vector<FormatArg>& positional,
                      const std::vector<std::pair<std::string, FormatArg>>& named,
                      int64_t max_size);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_FORMAT_H_
