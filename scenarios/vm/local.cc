// threading.local (CPython's _thread._local, Modules/_threadmodule.c): an object whose
// attributes are per thread. A local holds one dict, thread number -> that thread's attribute
// dict, created at the thread's first store; the dicts are part of the state like any object.
// A local is shared when another thread can reach it, but what it holds is not (Machine::
// Publish stops at a local), so reading or writing an attribute of a local is never a visible
// operation: each thread sees only its own dict, which no other thread can reach.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::NewLocal(size_t nargs, Value* result) {
  // local_new: arguments are only for a subclass with its own __init__.
  if (nargs > 0) return Raise(Builtin::kExcType, "Initialization arguments are not supported");
  const Value map = m_.NewObject(ObjType::kDict, 0);
  const Value local = m_.NewObject(ObjType::kLocal, 1);
  m_.payload(local)[0] = map;
  *result = local;
  return Flow::kNext;
}

Flow Exec::LocalAttr(Value local, Value name, const Value* store, bool del, Value* out) {
  const absl::string_view n = StrOf(name);
  if (IsDunder(n)) {
    if (n == "__class__" && store == nullptr && !del) {
      *out = TypeOfValue(local);
      return Flow::kNext;
    }
    return UnmodelledAttribute(local, name);
  }
  const Value key = Value::SmallInt(tid_);
  int64_t i;
  Flow f = DictFind(m_.payload(local)[0], key, &i);
  if (f != Flow::kNext) return f;
  Value dict = i >= 0 ? m_.payload(m_.payload(local)[0])[2 * i + 1] : Value::None();
  auto missing = [&]() {
    return Raise(Builtin::kExcAttribute,
                 absl::StrCat("'_thread._local' object has no attribute '", n, "'"));
  };
  if (store != nullptr) {
    if (dict.is_none()) {
      dict = m_.NewObject(ObjType::kDict, 0);
      f = DictSet(m_.payload(local)[0], key, dict);  // (unshared: nothing is published)
      if (f != Flow::kNext) return f;
    }
    return DictSet(dict, name, *store);
  }
  int64_t j = -1;
  if (!dict.is_none()) {
    f = DictFind(dict, name, &j);
    if (f != Flow::kNext) return f;
  }
  if (j < 0) return missing();
  if (del) {
    m_.Erase(dict, static_cast<uint32_t>(2 * j), 2);
    return Flow::kNext;
  }
  *out = m_.payload(dict)[2 * j + 1];
  return Flow::kNext;
}

}  // namespace lockcheck
