// Lexer: scenario text -> Python 3 tokens.
//
// Follows CPython's tokenizer: NEWLINE ends a logical line; INDENT/DEDENT come from a stack of
// indentation columns (a tab advances to the next multiple of 8, and a second count with tabs
// of width 1 catches tab/space mixes whose meaning depends on the tab size); newlines inside
// brackets and after a backslash join lines; blank and comment-only lines are invisible.
// F-strings are split as in Python 3.12 (PEP 701): FSTRING_START, literal FSTRING_MIDDLE pieces,
// and for each replacement field `{`, the expression's own tokens, then `!` NAME, `:` followed
// by the format spec's pieces, and `}`; FSTRING_END closes it. So the parser reads the
// expressions inside f-strings with their true locations, and they may nest.
//
// The whole file is tokenized up front. The first error stops the lexer: the token list then
// ends with a kError token (message in `value`, location in `span.begin`) instead of the
// kEndMarker. The parser reports it when it gets there, or instead of a vague "invalid syntax"
// found earlier, as CPython does.
#ifndef LOCKCHECK_SCENARIOS_LANG_LEXER_H_
#define LOCKCHECK_SCENARIOS_LANG_LEXER_H_

#include <vector>

#include "scenarios/lang/source.h"
#include "scenarios/lang/token.h"

namespace lockcheck {

// The tokens of `source`, ending with kEndMarker or kError. The tokens view the source's text.
// Checks the whole file first: size (kMaxSourceBytes), UTF-8 validity and NUL bytes; a leading
// byte order mark is skipped (it still counts as a column, as everywhere in SourceFile).
std::vector<Token> Tokenize(const SourceFile& source);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_LEXER_H_
