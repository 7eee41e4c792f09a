// getattr(), setattr(), hasattr() and delattr() (CPython's Python/bltinmodule.c): the name is
// a value, and everything else is the `.` operator's. Each runs the very lookup the
// instructions run (LoadAttr, StoreAttr, DeleteAttr in builtins.cc, classes.cc, delete.cc),
// so a getattr on a shared instance is a read of it as `obj.x` is, a property's getter or
// setter runs as a frame, a primitive's method comes back bound, and every AttributeError
// and refusal is the `.` form's.
#include "absl/strings/str_cat.h"
#include "scenarios/lang/sandbox.h"
#include "scenarios/vm/exec.h"

namespace lockcheck {

Flow Exec::AttrBuiltin(Builtin b, size_t nargs, const Value* kwnames, size_t nkw,
                       size_t below) {
  (void)kwnames;
  const std::string fname(BuiltinShortName(b));
  if (nkw > 0) return Raise(Builtin::kExcType, absl::StrCat(fname, "() takes no keyword arguments"));
  // _PyArg_CheckPositional's messages.
  const size_t min = b == Builtin::kSetattr ? 3 : 2;
  const size_t max = b == Builtin::kGetattr || b == Builtin::kSetattr ? 3 : 2;
  if (nargs < min || nargs > max) {
    const size_t bound = nargs < min ? min : max;
    return Raise(Builtin::kExcType,
                 absl::StrCat(fname, " expected ", min == max ? "" : nargs < min ? "at least "
                                                                                 : "at most ",
                              bound, " argument", bound == 1 ? "" : "s", ", got ", nargs));
  }
  const Value obj = Top(nargs - 1), name = Top(nargs - 2);
  const Value third = nargs == 3 ? Top() : Value::None();
  if (!name.is_str()) {  // PyObject_GetAttr and its siblings
    return Raise(Builtin::kExcType,
                 absl::StrCat("attribute name must be string, not '", TypeName(name), "'"));
  }
  const absl::string_view n = StrOf(name);
  const Attr attr = AttrFromName(n);
  // A dunder the VM does not model is refused as `obj.__globals__` is at its column (the
  // resolver refuses a constant name before the search; this is a name computed at run time).
  if (std::optional<std::string> refused = SandboxRefusedAttribute(n, attr != Attr::kUnknown))
    return InputError(absl::StrCat("unsupported in scenarios: ", *refused));
  auto done = [&](Value result) {
    S().resize(S().size() - nargs - below);
    Push(result);
    return Flow::kNext;
  };
  switch (b) {
    case Builtin::kGetattr:
    case Builtin::kHasattr: {
      // getattr(obj, name, default) and hasattr(obj, name): only an AttributeError is
      // swallowed; any other exception (and a refusal) goes on as from `obj.name`.
      const bool swallow = b == Builtin::kHasattr || nargs == 3;
      Value r;
      catch_attribute_error_ = swallow;
      caught_attribute_error_ = false;
      Flow f = LoadAttr(obj, attr, name, &r);
      catch_attribute_error_ = false;
      if (caught_attribute_error_) {
        caught_attribute_error_ = false;
        property_call_ = Value::None();
        return done(b == Builtin::kHasattr ? Value::Bool(false) : third);
      }
      if (f != Flow::kNext) return f;
      if (!property_call_.is_none()) {  // a property: its getter runs as a frame
        const Value getter = property_call_;
        property_call_ = Value::None();
        S().resize(S().size() - nargs - below);
        if (b == Builtin::kHasattr) {
          Push(Value::Marker(static_cast<uint32_t>(Mark::kHasattr)));
        } else if (swallow) {
          Push(third);
          Push(Value::Marker(static_cast<uint32_t>(Mark::kAttrDefault)));
        }
        return CallFunctionWithSelf(getter, obj, nullptr, 0, nullptr, 0);
      }
      return done(b == Builtin::kHasattr ? Value::Bool(true) : r);
    }
    case Builtin::kSetattr: {
      if (obj.is_builtin() && IsModelledModule(static_cast<Builtin>(obj.payload()))) {
        return InputError(absl::StrCat("unsupported in scenarios: setattr() on module '",
                                       BuiltinQualName(static_cast<Builtin>(obj.payload())),
                                       "' (its members are the model's)"));
      }
      setattr_drop_ = nargs + below;
      setter_called_ = false;
      Flow f = StoreAttr(obj, attr, name, third);
      setattr_drop_ = 0;
      if (setter_called_) {  // a property's setter runs; None is already the call's result
        setter_called_ = false;
        return f;
      }
      if (f != Flow::kNext) return f;
      return done(Value::None());
    }
    default: {  // delattr
      if (obj.is_module() ||
          (obj.is_builtin() && IsModelledModule(static_cast<Builtin>(obj.payload())))) {
        return InputError(absl::StrCat("unsupported in scenarios: delattr() on a module"));
      }
      Flow f = DeleteAttr(obj, name);
      if (f != Flow::kNext) return f;
      return done(Value::None());
    }
  }
}

}  // namespace lockcheck
