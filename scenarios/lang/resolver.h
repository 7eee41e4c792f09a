// Resolver: Python's scoping rules and the scenario subset, applied to a syntax tree.
//
// A name is local to a function if the function assigns it anywhere (parameters, assignment and
// augmented-assignment targets, `for` and `with ... as` targets) and does not declare it
// `global`; otherwise it is a module global, or a builtin when the module never binds it.
// A name bound nowhere is refused up front ("name 'x' is not defined"), as pyflakes would.
//
// The resolver also refuses every construct outside the supported subset with
// "unsupported in scenarios: <what>" at its exact location, and finds the *stable* globals:
// those bound only by top-level statements that run before the first statement that could
// start a thread. Once a second thread exists they never change, so reading them is not a
// scheduling point (the read can neither race nor observe a race).
#ifndef LOCKCHECK_SCENARIOS_LANG_RESOLVER_H_
#define LOCKCHECK_SCENARIOS_LANG_RESOLVER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "scenarios/lang/ast.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

// How one name is reached from one scope.
enum class NameKind { kLocal, kGlobal, kBuiltin };

struct FunctionScope {
  std::vector<std::string> locals;                       // parameters first
  absl::flat_hash_set<std::string> declared_global;
};

struct Resolution {
  std::vector<std::string> globals;                      // module globals, in first-bind order
  absl::flat_hash_map<std::string, int> global_index;
  std::vector<bool> stable;                              // per global
  absl::flat_hash_map<const ast::Stmt*, FunctionScope> functions;  // per kFunctionDef
  // Module-level `import x` / `from x import y` bindings: the builtin each name is bound to.
  absl::flat_hash_map<const ast::Stmt*, std::vector<Builtin>> imports;
  std::vector<Diagnostic> errors;
};

Resolution Resolve(const ast::Module& module, const SourceFile& source);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_RESOLVER_H_
