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
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "scenarios/lang/ast.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

// How one name is reached from one scope.
enum class NameKind { kLocal, kGlobal, kBuiltin };

// The scope of a def or a lambda. Python's closures: a name a nested function uses that an
// enclosing function binds is a *cell* of the binder and a *free* variable of the user and of
// every function between them (CPython's cell and free variables).
struct FunctionScope {
  std::vector<std::string> locals;                       // parameters first
  absl::flat_hash_set<std::string> declared_global;
  absl::flat_hash_set<std::string> declared_nonlocal;
  const void* key = nullptr;     // this scope's key in Resolution::functions
  const void* parent = nullptr;  // the enclosing function's key; null at module level
  std::vector<std::string> cells;  // locals that nested functions use
  std::vector<std::string> frees;  // enclosing functions' names this one uses (closure order)
  bool is_generator = false;       // its body yields (or it is a generator expression)
};

struct Resolution {
  std::vector<std::string> globals;                      // module globals, in first-bind order
  absl::flat_hash_map<std::string, int> global_index;
  std::vector<bool> stable;                              // per global
  // Per kFunctionDef (its Stmt) and kLambda (its Expr). Node-based: scopes point at their
  // parents by key while the map grows.
  std::unordered_map<const void*, FunctionScope> functions;
  // Module-level `import x` / `from x import y` bindings: the builtin each name is bound to
  // (Builtin::kCount for a name bound to a user module or to a member of one).
  absl::flat_hash_map<const ast::Stmt*, std::vector<Builtin>> imports;
  // Globals bound by something other than an import statement (an assignment, a def, a
  // `global` declaration's binding, ...): a name bound only by imports of one user module is
  // that module wherever it is read (the compiler maps `m.x` to the slot of m's global x).
  absl::flat_hash_set<std::string> bound_otherwise;
  // The module's own top-level code may start a thread (some statement may).
  bool top_level_may_start = false;
  // An import of a user module runs after a statement that may start a thread.
  bool user_import_after_start = false;
  std::vector<Diagnostic> errors;
};

// The imports the module loader resolved to user modules (scenarios/lang/modules.h).
struct UserImports {
  const absl::flat_hash_map<const ast::Alias*, int32_t>* alias_module = nullptr;
  const absl::flat_hash_map<const ast::Stmt*, int32_t>* from_module = nullptr;
  // Importing a user module runs its top-level code, which may start a thread.
  bool may_start = false;
};

Resolution Resolve(const ast::Module& module, const SourceFile& source,
                   const UserImports& user = {});

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_RESOLVER_H_
