#include "scenarios/lang/sandbox.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {
namespace {

struct Refused {
  absl::string_view name;
  absl::string_view why;
};

// CPython's builtins that lead out of the VM or into the interpreter; one table, so the
// README's list and the tests' escape routes come from the same place.
constexpr Refused kRefusedNames[] = {
    {"open", "no file system access"},
    {"input", "no standard input"},
    {"eval", "no code from strings"},
    {"exec", "no code from strings"},
    {"compile", "no code from strings"},
    {"__import__", "only the modelled modules can be imported"},
    {"globals", "no introspection of namespaces"},
    {"locals", "no introspection of namespaces"},
    {"vars", "no introspection of namespaces"},
    {"dir", "no introspection of namespaces"},
    {"memoryview", "no raw memory"},
    {"breakpoint", "no debugger"},
    {"help", "no interactive help"},
    {"exit", "no process control"},
    {"quit", "no process control"},
    {"__builtins__", "no access to the interpreter's builtins"},
    {"__loader__", "no access to the import system"},
    {"__spec__", "no access to the import system"},
    {"__file__", "no file system access"},
    {"__doc__", "no introspection of the module"},
    {"__package__", "no access to the import system"},
    {"__dict__", "no introspection of namespaces"},
};

}  // namespace

std::optional<std::string> SandboxRefusedName(absl::string_view name) {
  for (const Refused& r : kRefusedNames) {
    if (r.name == name) return absl::StrCat(name, " (", r.why, ")");
  }
  return std::nullopt;
}

// Dunder attributes the VM models by name rather than through the attribute table: a class's
// and an instance's (scenarios/vm/classes.cc) and the special methods a class may define and
// code may call directly, `super().__init__(...)` first among them (special_methods.cc).
constexpr absl::string_view kModelledDunders[] = {
    "__name__", "__qualname__", "__mro__",      "__bases__",   "__class__",   "__init__",
    "__enter__", "__exit__",    "__len__",      "__iter__",    "__next__",    "__eq__",
    "__hash__",  "__repr__",    "__str__",      "__contains__", "__getitem__", "__setitem__",
    "__bool__",  "__wrapped__",  // (functools.wraps)
    "__excepthook__",            // (threading's original excepthook)
};

std::optional<std::string> SandboxRefusedAttribute(absl::string_view name, bool modelled) {
  for (absl::string_view d : kModelledDunders) modelled |= name == d;
  if (modelled || name.size() < 5 || !absl::StartsWith(name, "__") || !absl::EndsWith(name, "__"))
    return std::nullopt;
  return absl::StrCat("the attribute '", name, "' (no introspection of objects, functions, ",
                      "classes or modules)");
}

}  // namespace lockcheck
