// Parser: scenario text -> syntax tree, or diagnostics.
//
// A recursive-descent parser over the lexer's tokens (INDENT/DEDENT included), following the
// grammar of Python 3.13 for the statements and expressions in ast.h. It refuses with a
// diagnostic (never a crash): invalid UTF-8, an empty file, a file over kMaxSourceBytes,
// nesting deeper than kMaxNesting, and any syntax error.
#ifndef LOCKCHECK_SCENARIOS_LANG_PARSER_H_
#define LOCKCHECK_SCENARIOS_LANG_PARSER_H_

#include <memory>
#include <vector>

#include "scenarios/lang/ast.h"
#include "scenarios/lang/source.h"

namespace lockcheck {

inline constexpr size_t kMaxSourceBytes = 1 << 20;  // 1 MiB
inline constexpr int kMaxNesting = 100;             // brackets + blocks + expression depth

struct ParseResult {
  std::unique_ptr<ast::Module> module;  // null when errors is not empty
  std::vector<Diagnostic> errors;       // at most a few; the first is the one that matters
};

ParseResult Parse(const SourceFile& source);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_PARSER_H_
