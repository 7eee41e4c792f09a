// The user's own modules: finding, reading and parsing every module a scenario imports.
//
// A scenario may import Python files of its own (`import mymodule`, `from pkg.mod import Name`,
// relative imports inside a package). They are found as CPython's path finder finds them, in
// the *search folders*: the scenario's own folder first, then each `--path DIR` in order, as
// sys.path would list them. In one folder, `name/__init__.py` (a package) comes before
// `name.py`; a folder without `__init__.py` (a namespace package) is refused. A submodule is
// looked for in its package's folder only.
//
// Everything is found before the search: the file system is fixed, so an import that cannot
// be satisfied is an input error at the import's line and column, in CPython's words
// ("ModuleNotFoundError: No module named 'x'"). The standard library is never looked for
// among the user's files: the modelled modules are lockcheck's models, the other standard
// modules stay refused, and a user file named like a modelled module (a `threading.py` beside
// the scenario, which CPython would import instead of the real one) is refused when that
// module is imported. The bundled modules (lang/bundled.h: concurrent.futures, and the
// Timer of threading) are loaded here too, as user modules are, from lockcheck's own Python
// source in the binary instead of a search folder.
//
// The sandbox: a module file is read only when its real path (symbolic links resolved) lies
// inside the real path of the search folder it was found in, and through ReadSourceText, the
// reader of the scenario itself (regular files only, the same size limit).
#ifndef LOCKCHECK_SCENARIOS_LANG_MODULES_H_
#define LOCKCHECK_SCENARIOS_LANG_MODULES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "scenarios/lang/ast.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

inline constexpr int kMaxModules = 256;  // modules one scenario may import, all told

// One module of the program: the scenario itself (units[0], named "__main__") or a module it
// imports, directly or not.
struct ModuleUnit {
  std::string name;  // "__main__", "helpers", "pkg.mod"
  std::shared_ptr<const SourceFile> source;
  std::unique_ptr<ast::Module> ast;
  bool is_package = false;     // pkg/__init__.py
  int32_t parent = -1;         // the package of a submodule ("pkg" of "pkg.mod"), or -1
  std::string folder;          // a package's folder (its submodules' home)
  std::string root;            // the search folder it was found in (real path)
  bool bundled = false;        // one of lockcheck's bundled modules (lang/bundled.h)
};

struct ModuleGraph {
  std::vector<ModuleUnit> units;  // units[0] is the scenario
  // Per alias of an import statement that names a user module (`import a.b`: a.b; `from pkg
  // import mod`: pkg.mod when mod is a submodule): that module's index in units.
  absl::flat_hash_map<const ast::Alias*, int32_t> alias_module;
  // Per `from M import ...` statement of a user module M: M's index.
  absl::flat_hash_map<const ast::Stmt*, int32_t> from_module;
  // Per modelled module with bundled members (lang/bundled.h: "threading" for Timer), the
  // bundled module providing them, when loaded; each import of that modelled module runs it.
  absl::flat_hash_map<std::string, int32_t> bundled_members;
  std::vector<Diagnostic> errors;  // each in the file it points into
};

// Finds and parses every module the scenario imports. `main_ast` is the scenario's parsed
// module; `search_path` the --path folders, after the scenario's own folder.
ModuleGraph LoadModules(std::shared_ptr<const SourceFile> main,
                        std::unique_ptr<ast::Module> main_ast,
                        const std::vector<std::string>& search_path);

// The name a module of the modelled set has at the top level ("threading", "lockcheck", ...).
bool IsModelledTopLevelName(absl::string_view name);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_MODULES_H_
