// hash(), id() and callable(): what the model can answer as CPython would, refused otherwise.
#include "absl/strings/str_cat.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::ObjectBuiltin(Builtin b, const Value* args, size_t npos, size_t nkw, Value* result) {
  const std::string name(BuiltinShortName(b));
  if (nkw > 0) return Raise(Builtin::kExcType, absl::StrCat(name, "() takes no keyword arguments"));
  if (npos != 1) {
    return Raise(Builtin::kExcType, absl::StrCat(name, "() takes exactly one argument (", npos,
                                                 " given)"));
  }
  const Value x = args[0];
  switch (b) {
    case Builtin::kHash: {
      Flow f = CheckHashable(x, "an argument of hash()");
      if (f != Flow::kNext) return f;
      if (!IsInt(x)) {
        // CPython hashes a str with a per-process random key and an object by its address.
        return InputError(absl::StrCat("unsupported in scenarios: hash() of a '", TypeName(x),
                                       "' (only ints have a hash the model can give)"));
      }
      // CPython: the int modulo the Mersenne prime 2**61 - 1, its sign kept; -1 becomes -2.
      constexpr int64_t kModulus = (int64_t{1} << 61) - 1;
      const int64_t v = IntOf(x);
      const __int128 magnitude = v < 0 ? -static_cast<__int128>(v) : v;
      int64_t h = static_cast<int64_t>(magnitude % kModulus);
      if (v < 0) h = -h;
      if (h == -1) h = -2;
      *result = I().Int(h);
      return Flow::kNext;
    }
    case Builtin::kId:
      return InputError("unsupported in scenarios: id() (the model gives objects no addresses "
                        "that stay the same: compare with `is`)");
    default: {  // callable
      bool yes = m_.Is(x, ObjType::kFunction) || m_.Is(x, ObjType::kBoundMethod) ||
                 m_.Is(x, ObjType::kClass) || m_.Is(x, ObjType::kStaticMethod) ||
                 m_.Is(x, ObjType::kClassMethod);
      if (x.is_builtin()) {
        const std::string type = TypeName(x);
        yes = type != "module" && static_cast<Builtin>(x.payload()) != Builtin::kTimeoutMax;
      }
      *result = Value::Bool(yes);
      return Flow::kNext;
    }
  }
}

}  // namespace lockcheck
