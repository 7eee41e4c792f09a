// Methods CPython's builtin types have and the VM does not model.
//
// A scenario calling one of them would, if nothing looked, get an AttributeError that the
// checker reports as the scenario's bug, a bug CPython never shows. So where the VM finds no
// attribute it asks here first: a method CPython has is an input error ("unsupported in
// scenarios: str.title (not modelled by lockcheck)"), and only a name CPython lacks too
// raises AttributeError as CPython would.
#ifndef LOCKCHECK_SCENARIOS_VM_UNMODELLED_H_
#define LOCKCHECK_SCENARIOS_VM_UNMODELLED_H_

#include "absl/strings/string_view.h"

namespace lockcheck {

// `type` is the Python type name (TypeName: "str", "list", "dict", "tuple", "int", "float").
bool CPythonHasMethod(absl::string_view type, absl::string_view name);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_UNMODELLED_H_
