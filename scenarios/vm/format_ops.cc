// The VM's side of string formatting (format.h): `str % args` and `str.format(...)`.
//
// The operands' str() and repr() are taken here (the interpreter has gated the reads of any
// shared container among them before the instruction ran); format.cc renders; a FormatError
// becomes the exception CPython raises, or, for what is not modelled, an input error at the
// operation ("unsupported in scenarios: ..."), never a different string.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"
#include "scenarios/vm/format.h"

namespace lockcheck {

FormatArg Exec::FormatArgOf(Value v) const {
  FormatArg a;
  a.type_name = TypeName(v);
  if (IsInt(v)) {
    a.kind = FormatArg::Kind::kInt;
    a.is_bool = v.is_bool();
    a.int_value = IntOf(v);
  } else if (I().IsFloat(v)) {
    a.kind = FormatArg::Kind::kFloat;
    a.float_value = FloatOf(v);
  } else if (v.is_str()) {
    a.kind = FormatArg::Kind::kStr;
  }
  a.str = Str(v);
  a.repr = Repr(v);
  return a;
}

Flow Exec::FormatResult(Formatted f, Value* out) {
  switch (f.error) {
    case Formatted::Error::kNone: *out = MakeStr(f.text); return Flow::kNext;
    case Formatted::Error::kType: return Raise(Builtin::kExcType, std::move(f.text));
    case Formatted::Error::kValue: return Raise(Builtin::kExcValue, std::move(f.text));
    case Formatted::Error::kIndex: return Raise(Builtin::kExcIndex, std::move(f.text));
    case Formatted::Error::kKey: return Raise(Builtin::kExcKey, std::move(f.text));
    case Formatted::Error::kUnsupported:
      return InputError(absl::StrCat("unsupported in scenarios: ", f.text));
    case Formatted::Error::kTooLarge:
      return InputError(absl::StrCat("object too large: ", f.text, " beyond ",
                                     rt_.limits.max_object_size, " characters (the limit)"));
  }
  return InputError("internal error: unknown formatting outcome");
}

Flow Exec::PercentFormatOp(Value format, Value args, Value* out) {
  if (args.is_obj() && m_.Is(args, ObjType::kDict))
    return InputError("unsupported in scenarios: %-formatting with a dict operand");
  std::vector<FormatArg> items;
  if (args.is_obj() && m_.Is(args, ObjType::kTuple)) {
    for (uint32_t i = 0; i < m_.size(args); ++i) items.push_back(FormatArgOf(m_.payload(args)[i]));
  } else {
    items.push_back(FormatArgOf(args));
  }
  return FormatResult(PercentFormat(StrOf(format), items, rt_.limits.max_object_size), out);
}

Flow Exec::StrFormatMethod(Value self, const Value* args, size_t npos, const Value* kwnames,
                           size_t nkw, Value* out) {
  std::vector<FormatArg> positional;
  for (size_t i = 0; i < npos; ++i) positional.push_back(FormatArgOf(args[i]));
  std::vector<std::pair<std::string, FormatArg>> named;
  for (size_t k = 0; k < nkw; ++k)
    named.emplace_back(std::string(StrOf(kwnames[k])), FormatArgOf(args[npos + k]));
  return FormatResult(BraceFormat(StrOf(self), positional, named, rt_.limits.max_object_size),
                      out);
}

}  // namespace lockcheck
