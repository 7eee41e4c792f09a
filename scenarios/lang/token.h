// Tokens of the scenario language: Python 3's, as its tokenizer produces them.
//
// One table lists every kind with its spelling; the enum, the names in messages and the lexer's
// operator and keyword tables all come from it. Soft keywords (`match`, `case`, `type`, `_`) are
// plain NAMEs: whether they act as keywords depends on where they stand, which only the parser
// knows.
#ifndef LOCKCHECK_SCENARIOS_LANG_TOKEN_H_
#define LOCKCHECK_SCENARIOS_LANG_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "scenarios/lang/source.h"

namespace lockcheck {

// X(enumerator, spelling, group): group is kOther (spelling is a description), kOperator or
// kKeyword (spelling is the exact source text).
#define LOCKCHECK_TOKEN_KINDS(X)               \
  X(kEndMarker, "end of file", kOther)         \
  X(kNewline, "NEWLINE", kOther)               \
  X(kIndent, "INDENT", kOther)                 \
  X(kDedent, "DEDENT", kOther)                 \
  X(kName, "NAME", kOther)                     \
  X(kNumber, "NUMBER", kOther)                 \
  X(kString, "STRING", kOther)                 \
  X(kFStringStart, "FSTRING_START", kOther)    \
  X(kFStringMiddle, "FSTRING_MIDDLE", kOther)  \
  X(kFStringEnd, "FSTRING_END", kOther)        \
  X(kError, "ERRORTOKEN", kOther)              \
  /* Operators and delimiters, longest first where one is a prefix of another. */ \
  X(kEllipsis, "...", kOperator)               \
  X(kDoubleStarEqual, "**=", kOperator)        \
  X(kDoubleSlashEqual, "//=", kOperator)       \
  X(kLeftShiftEqual, "<<=", kOperator)         \
  X(kRightShiftEqual, ">>=", kOperator)        \
  X(kRArrow, "->", kOperator)                  \
  X(kColonEqual, ":=", kOperator)              \
  X(kEqEqual, "==", kOperator)                 \
  X(kNotEqual, "!=", kOperator)                \
  X(kLessEqual, "<=", kOperator)               \
  X(kGreaterEqual, ">=", kOperator)            \
  X(kLeftShift, "<<", kOperator)               \
  X(kRightShift, ">>", kOperator)              \
  X(kDoubleStar, "**", kOperator)              \
  X(kDoubleSlash, "//", kOperator)             \
  X(kPlusEqual, "+=", kOperator)               \
  X(kMinEqual, "-=", kOperator)                \
  X(kStarEqual, "*=", kOperator)               \
  X(kSlashEqual, "/=", kOperator)              \
  X(kPercentEqual, "%=", kOperator)            \
  X(kAmperEqual, "&=", kOperator)              \
  X(kVBarEqual, "|=", kOperator)               \
  X(kCircumflexEqual, "^=", kOperator)         \
  X(kAtEqual, "@=", kOperator)                 \
  X(kLPar, "(", kOperator)                     \
  X(kRPar, ")", kOperator)                     \
  X(kLSqb, "[", kOperator)                     \
  X(kRSqb, "]", kOperator)                     \
  X(kLBrace, "{", kOperator)                   \
  X(kRBrace, "}", kOperator)                   \
  X(kColon, ":", kOperator)                    \
  X(kComma, ",", kOperator)                    \
  X(kSemi, ";", kOperator)                     \
  X(kPlus, "+", kOperator)                     \
  X(kMinus, "-", kOperator)                    \
  X(kStar, "*", kOperator)                     \
  X(kSlash, "/", kOperator)                    \
  X(kVBar, "|", kOperator)                     \
  X(kAmper, "&", kOperator)                    \
  X(kLess, "<", kOperator)                     \
  X(kGreater, ">", kOperator)                  \
  X(kEqual, "=", kOperator)                    \
  X(kDot, ".", kOperator)                      \
  X(kPercent, "%", kOperator)                  \
  X(kTilde, "~", kOperator)                    \
  X(kCircumflex, "^", kOperator)               \
  X(kAt, "@", kOperator)                       \
  X(kExclamation, "!", kOperator) /* only as an f-string conversion: {x!r} */ \
  /* Hard keywords. */                         \
  X(kFalse, "False", kKeyword)                 \
  X(kNone, "None", kKeyword)                   \
  X(kTrue, "True", kKeyword)                   \
  X(kAnd, "and", kKeyword)                     \
  X(kAs, "as", kKeyword)                       \
  X(kAssert, "assert", kKeyword)               \
  X(kAsync, "async", kKeyword)                 \
  X(kAwait, "await", kKeyword)                 \
  X(kBreak, "break", kKeyword)                 \
  X(kClass, "class", kKeyword)                 \
  X(kContinue, "continue", kKeyword)           \
  X(kDef, "def", kKeyword)                     \
  X(kDel, "del", kKeyword)                     \
  X(kElif, "elif", kKeyword)                   \
  X(kElse, "else", kKeyword)                   \
  X(kExcept, "except", kKeyword)               \
  X(kFinally, "finally", kKeyword)             \
  X(kFor, "for", kKeyword)                     \
  X(kFrom, "from", kKeyword)                   \
  X(kGlobal, "global", kKeyword)               \
  X(kIf, "if", kKeyword)                       \
  X(kImport, "import", kKeyword)               \
  X(kIn, "in", kKeyword)                       \
  X(kIs, "is", kKeyword)                       \
  X(kLambda, "lambda", kKeyword)               \
  X(kNonlocal, "nonlocal", kKeyword)           \
  X(kNot, "not", kKeyword)                     \
  X(kOr, "or", kKeyword)                       \
  X(kPass, "pass", kKeyword)                   \
  X(kRaise, "raise", kKeyword)                 \
  X(kReturn, "return", kKeyword)               \
  X(kTry, "try", kKeyword)                     \
  X(kWhile, "while", kKeyword)                 \
  X(kWith, "with", kKeyword)                   \
  X(kYield, "yield", kKeyword)

enum class TokenKind : uint8_t {
#define LOCKCHECK_TOKEN_ENUM(name, spelling, group) name,
  LOCKCHECK_TOKEN_KINDS(LOCKCHECK_TOKEN_ENUM)
#undef LOCKCHECK_TOKEN_ENUM
};

enum class TokenGroup : uint8_t { kOther, kOperator, kKeyword };

struct TokenKindInfo {
  TokenKind kind;
  std::string_view spelling;
  TokenGroup group;
};

inline constexpr TokenKindInfo kTokenKinds[] = {
#define LOCKCHECK_TOKEN_INFO(name, spelling, group) \
  {TokenKind::name, spelling, TokenGroup::group},
    LOCKCHECK_TOKEN_KINDS(LOCKCHECK_TOKEN_INFO)
#undef LOCKCHECK_TOKEN_INFO
};

// "NAME", "(", "if", ...: the kind's entry in the table.
constexpr std::string_view TokenKindName(TokenKind kind) {
  return kTokenKinds[static_cast<int>(kind)].spelling;
}

constexpr TokenGroup TokenKindGroup(TokenKind kind) {
  return kTokenKinds[static_cast<int>(kind)].group;
}

// One token. `text` views the source (it stays valid while the SourceFile lives); the decoded
// payload of literals is copied out so the parser never re-reads the source.
struct Token {
  TokenKind kind = TokenKind::kEndMarker;
  SourceSpan span;
  std::string_view text;

  // kString: the value with escapes decoded (raw bytes for bytes literals).
  // kFStringMiddle: one literal piece of an f-string, escapes and {{ }} decoded.
  // kError: the diagnostic message.
  std::string value;
  bool is_bytes = false;  // kString: b"..."

  // kNumber.
  bool is_float = false;
  bool is_big = false;    // an integer beyond int64 (int_value unspecified)
  int64_t int_value = 0;
  double float_value = 0;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_TOKEN_H_
