// del of subscripts, slices and attributes (names are unbound by the interpreter's
// kDeleteFast/kDeleteDeref/kDeleteGlobal). Messages follow CPython 3.13.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::DeleteSubscript(Value c, Value index) {
  if (m_.Is(c, ObjType::kDict)) {
    int64_t i;
    Flow f = DictFind(c, index, &i);
    if (f != Flow::kNext) return f;
    if (i < 0) return RaiseKeyError(index);
    m_.Erase(c, static_cast<uint32_t>(2 * i), 2);
    return Flow::kNext;
  }
  if (!m_.IsListLike(c)) {
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(c), "' object doesn't support ",
                                                 "item deletion"));
  }
  const bool deque = m_.Is(c, ObjType::kDeque);
  if (!IsInt(index)) {
    return Raise(Builtin::kExcType,
                 deque ? absl::StrCat("sequence index must be integer, not '", TypeName(index), "'")
                       : absl::StrCat("list indices must be integers or slices, not ",
                                      TypeName(index)));
  }
  int64_t i = IntOf(index), n = m_.size(c);
  if (i < 0) i += n;
  if (i < 0 || i >= n) {
    return Raise(Builtin::kExcIndex,
                 deque ? "deque index out of range" : "list assignment index out of range");
  }
  m_.Erase(c, static_cast<uint32_t>(i));
  return Flow::kNext;
}

Flow Exec::DeleteSlice(Value c, Value lower, Value upper) {
  if (m_.Is(c, ObjType::kDeque))
    return Raise(Builtin::kExcType, "sequence index must be integer, not 'slice'");
  if (!m_.Is(c, ObjType::kList)) {
    if (m_.Is(c, ObjType::kDict)) return Raise(Builtin::kExcType, "unhashable type: 'slice'");
    return Raise(Builtin::kExcType, absl::StrCat("'", TypeName(c), "' object doesn't support ",
                                                 "item deletion"));
  }
  for (Value b : {lower, upper}) {
    if (!b.is_none() && !IsInt(b)) {
      return Raise(Builtin::kExcType, "slice indices must be integers or None or have an "
                                      "__index__ method");
    }
  }
  const int64_t n = m_.size(c);
  auto clamp = [&](Value v, int64_t dflt) {
    if (v.is_none()) return dflt;
    int64_t x = IntOf(v);
    if (x < 0) x += n;
    return std::clamp<int64_t>(x, 0, n);
  };
  const int64_t start = clamp(lower, 0), stop = clamp(upper, n);
  if (stop > start)
    m_.Erase(c, static_cast<uint32_t>(start), static_cast<uint32_t>(stop - start));
  return Flow::kNext;
}

Flow Exec::DeleteAttr(Value obj, Value name) {
  if (m_.Is(obj, ObjType::kLocal)) return LocalAttr(obj, name, nullptr, true, nullptr);
  absl::string_view n = StrOf(name);
  if (IsDunder(n))
    return InputError(absl::StrCat("unsupported in scenarios: deleting the special attribute ", n));
  if (m_.Is(obj, ObjType::kClass)) {
    const auto& methods = rt_.method_names;
    if (std::find(methods.begin(), methods.end(), name) != methods.end()) {
      return InputError(absl::StrCat("unsupported in scenarios: deleting method '", n,
                                     "' of class '", ClassName(obj), "'"));
    }
    // Any instance's attribute read may see it: of unknown footprint.
    if (m_.IsShared(obj) && !GateAccess(Access::kUnknown, obj)) return Flow::kYield;
    Value dict = m_.payload(obj)[kClassDict];
    int64_t i;
    Flow f = DictFind(dict, name, &i);
    if (f != Flow::kNext) return f;
    if (i < 0) {
      return Raise(Builtin::kExcAttribute, absl::StrCat("type object '", ClassName(obj),
                                                        "' has no attribute '", n, "'"));
    }
    m_.Erase(dict, static_cast<uint32_t>(2 * i), 2);
    if (tracing()) Outcome("deleted");
    return Flow::kNext;
  }
  Value cls = ClassOf(obj), found;
  if (!cls.is_none() && FindInMro(cls, name, &found) && IsMethodLike(found)) {
    if (m_.Is(found, ObjType::kProperty)) {
      return InputError(absl::StrCat("unsupported in scenarios: deleting property '", n,
                                     "' (property deleters are not modelled)"));
    }
    return Raise(Builtin::kExcAttribute, absl::StrCat("'", ErrorTypeName(obj),
                                                      "' object has no attribute '", n, "'"));
  }
  if (!HasUserAttrs(obj) || m_.Is(obj, ObjType::kSuper) || AttrDictSlot(obj) == nullptr) {
    if (m_.Is(obj, ObjType::kFunction))
      return UnmodelledAttribute(obj, name);  // a function's __dict__ is not modelled
    if (HasMethod(obj, AttrFromName(n))) {
      return Raise(Builtin::kExcAttribute, absl::StrCat("'", ErrorTypeName(obj),
                                                        "' object attribute '", n,
                                                        "' is read-only"));
    }
    return Raise(Builtin::kExcAttribute, absl::StrCat("'", ErrorTypeName(obj),
                                                      "' object has no attribute '", n, "'"));
  }
  if (m_.IsShared(obj) && !GateAccess(Access::kWrite, obj)) return Flow::kYield;
  Value* slot = AttrDictSlot(obj);
  int64_t i = -1;
  if (m_.Is(*slot, ObjType::kDict)) {
    Flow f = DictFind(*slot, name, &i);
    if (f != Flow::kNext) return f;
  }
  if (i < 0) {
    return Raise(Builtin::kExcAttribute, absl::StrCat("'", TypeName(obj),
                                                      "' object has no attribute '", n, "'"));
  }
  m_.Erase(*slot, static_cast<uint32_t>(2 * i), 2);
  if (tracing()) Outcome("deleted");
  return Flow::kNext;
}

Flow Exec::DeleteOp(const Instr& in) {
  switch (in.op) {
    case Opcode::kDeleteFast: {
      Value& slot = S()[F().base + in.arg];
      if (slot.is_unbound()) {
        return Raise(Builtin::kExcUnboundLocal,
                     absl::StrCat("cannot access local variable '", C().local_names[in.arg],
                                  "' where it is not associated with a value"));
      }
      slot = Value::Unbound();
      return Flow::kNext;
    }
    case Opcode::kDeleteDeref: {
      Value cell = S()[F().base + in.arg];
      if (m_.IsShared(cell) && !GateAccess(Access::kWrite, cell)) return Flow::kYield;
      if (m_.payload(cell)[0].is_unbound()) {
        const Code& code = C();
        bool own = std::find(code.cell_slots.begin(), code.cell_slots.end(), in.arg) !=
                   code.cell_slots.end();
        return Raise(own ? Builtin::kExcUnboundLocal : Builtin::kExcName,
                     absl::StrCat("cannot access ", own ? "local" : "free", " variable '",
                                  code.local_names[in.arg], "' where it is not associated with a ",
                                  "value", own ? "" : " in enclosing scope"));
      }
      m_.payload(cell)[0] = Value::Unbound();
      if (tracing()) Outcome("deleted");
      return Flow::kNext;
    }
    case Opcode::kDeleteGlobal:
      if (!GateAccess(Access::kGlobalWrite, Value::SmallInt(in.arg))) return Flow::kYield;
      if (m_.globals[in.arg].is_unbound()) {
        return Raise(Builtin::kExcName, absl::StrCat("name '", rt_.program.global_names[in.arg],
                                                     "' is not defined"));
      }
      m_.globals[in.arg] = Value::Unbound();
      if (tracing()) Outcome("deleted");
      return Flow::kNext;
    case Opcode::kDeleteSubscr: {
      const bool slice = in.a == 1;
      Value container = Top(slice ? 2 : 1);
      if (!GateShared(container, Access::kWrite)) return Flow::kYield;
      Flow f = slice ? DeleteSlice(container, Top(1), Top()) : DeleteSubscript(container, Top());
      if (f != Flow::kNext) return f;
      if (tracing()) Outcome("deleted");
      S().resize(S().size() - (slice ? 3 : 2));
      return Flow::kNext;
    }
    default: {  // kDeleteAttr
      Flow f = DeleteAttr(Top(), rt_.constants[in.arg]);
      if (f != Flow::kNext) return f;
      Pop();
      return Flow::kNext;
    }
  }
}

}  // namespace lockcheck
