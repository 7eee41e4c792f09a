#include "primitives/routine.h"

#include "absl/strings/str_cat.h"

namespace lockcheck {

std::string NoAttributeMessage(absl::string_view type_name, Attr attr) {
  return absl::StrCat("'", type_name, "' object has no attribute '", AttrText(attr), "'");
}

std::string TimeoutTypeMessage(absl::string_view type_name) {
  return absl::StrCat("'", type_name, "' object cannot be interpreted as an integer or float");
}

Flow RoutineContext::TimeoutTypeError(Value timeout) {
  return Raise(Builtin::kExcType, TimeoutTypeMessage(TypeName(timeout)));
}

Flow RoutineContext::WaitTimeout(const Value* args, size_t nargs, const Value* kwnames,
                                 size_t nkw, Value fallback, Value* timeout) {
  Value a[1];
  Flow f = Bind("wait", {"timeout"}, 0, args, nargs, kwnames, nkw, a);
  if (f != Flow::kNext) return f;
  *timeout = a[0].is_unbound() || a[0].is_none() ? fallback : a[0];
  if (!timeout->is_none() && !IsNumber(*timeout)) return TimeoutTypeError(*timeout);
  return Flow::kNext;
}

Flow RoutineContext::NotifyAll(Value cond) {
  return Start(native::kCondNotify, {cond, Value::SmallInt(Size(Fields(cond)[1]))}, 0,
               ReturnAction::kPush);
}

}  // namespace lockcheck
