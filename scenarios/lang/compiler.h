// Compiler: syntax tree + resolution -> Program.
//
// Code generation follows CPython's shape (a stack machine, `with` as enter/exit with an
// exception-table region, comprehensions inlined as in PEP 709) so a reader who knows `dis`
// can read `lockcheck disasm`. Every instruction records the span of the expression it
// implements; traces quote that source text.
#ifndef LOCKCHECK_SCENARIOS_LANG_COMPILER_H_
#define LOCKCHECK_SCENARIOS_LANG_COMPILER_H_

#include <memory>
#include <string>
#include <vector>

#include "scenarios/lang/ast.h"
#include "scenarios/lang/bytecode.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

struct CompileResult {
  std::unique_ptr<Program> program;  // null when errors is not empty
  std::vector<Diagnostic> errors;
  std::string description;           // the module docstring
  // The files read: the scenario first, then the modules it imports (a diagnostic's file is
  // one of them; render it with that file's text).
  std::vector<std::shared_ptr<const SourceFile>> sources;
};

// Parses, resolves and compiles one scenario and the user modules it imports, found in the
// scenario's folder and then in `search_path` (scenarios/lang/modules.h), into one Program.
CompileResult CompileSource(std::shared_ptr<const SourceFile> source,
                            const std::vector<std::string>& search_path = {});

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_COMPILER_H_
