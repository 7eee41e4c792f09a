// The sandbox: what a scenario can never reach, named so the refusal says why.
//
// A scenario is untrusted input run inside a CI job, so it reaches nothing outside the VM: no
// file system, network, process, environment or clock, and no way to the interpreter's own
// machinery. Most of that holds by construction: the VM has no builtin that touches the
// outside, and an import of anything but the modelled modules (threading, _thread, queue,
// time, collections) is refused by the resolver. What this file adds is the vocabulary of the
// routes a Python programmer would try (`open`, `eval`, `__import__`, `().__class__`, ...),
// so each is refused before the search, at its line and column, as
// "unsupported in scenarios: ..." (an input error, exit 2), and never surfaces during the
// search as a NameError or AttributeError that the checker would report as the scenario's bug.
#ifndef LOCKCHECK_SCENARIOS_LANG_SANDBOX_H_
#define LOCKCHECK_SCENARIOS_LANG_SANDBOX_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace lockcheck {

// For a builtin name of CPython that scenarios may not use because it reaches outside the VM
// or into the interpreter (`open`, `eval`, `globals`, ...): what to say after
// "unsupported in scenarios: ". nullopt for any other name.
std::optional<std::string> SandboxRefusedName(absl::string_view name);

// For an attribute named like a dunder (`__class__`, `__globals__`, ...) that the VM does not
// model (`modelled` false): the refusal text, nullopt when the name is not a dunder. The
// modelled ones (`__enter__`, `__exit__`) are the VM's attribute table's business.
std::optional<std::string> SandboxRefusedAttribute(absl::string_view name, bool modelled);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_SANDBOX_H_
