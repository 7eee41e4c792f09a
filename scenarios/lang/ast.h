// The syntax tree of a scenario.
//
// The parser accepts a broad part of Python 3 (more than scenarios may use), so that a construct
// outside the supported subset is refused by the resolver with its exact name and location
// ("unsupported in scenarios: class definitions") rather than as a vague syntax error.
// Nodes own their children. Every node carries the span of its source text.
#ifndef LOCKCHECK_SCENARIOS_LANG_AST_H_
#define LOCKCHECK_SCENARIOS_LANG_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/lang/source.h"

namespace lockcheck::ast {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

enum class ExprKind {
  kName,         // id
  kInt,          // int_value; a literal beyond int64 sets `big_literal` (text keeps the digits)
  kFloat,        // float_value
  kStr,          // str_value (escapes decoded, adjacent literals joined); bytes literals set is_bytes
  kBool,         // bool_value
  kNone,
  kEllipsis,
  kFString,      // f"..": parts = alternating kStr pieces and kFormatted pieces
  kFormatted,    // one {expr!conv:spec} of an f-string: operand = expr, conversion, format_spec
  kTuple,        // elts
  kList,         // elts
  kSet,          // elts
  kDict,         // keys/values (a key is null for `**mapping`)
  kListComp,     // elt, generators
  kSetComp,      // elt, generators
  kDictComp,     // key (in `elt`), value, generators
  kGeneratorExp, // elt, generators
  kAttribute,    // operand.attr
  kSubscript,    // operand[index]; index may be a kSlice or a kTuple of them
  kSlice,        // lower/upper/step (each may be null)
  kCall,         // func(args, keywords)
  kBinOp,        // left op right
  kUnaryOp,      // op operand
  kBoolOp,       // values joined by op (kAnd/kOr), 2 or more
  kCompare,      // left ops[i] comparators[i]
  kIfExp,        // body if test else orelse
  kLambda,       // params, body expression in `operand`
  kStarred,      // *operand
  kNamedExpr,    // target := value
  kAwait,        // await operand
  kYield,        // yield operand (may be null)
  kYieldFrom,    // yield from operand
};

enum class Op {
  kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow, kMatMul,
  kLShift, kRShift, kBitAnd, kBitOr, kBitXor,
  kNot, kUSub, kUAdd, kInvert,
  kAnd, kOr,
  kEq, kNotEq, kLt, kLtE, kGt, kGtE, kIs, kIsNot, kIn, kNotIn,
};

// The operator as Python source writes it ("+", "//", "not in", ...).
constexpr const char* OpText(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kFloorDiv: return "//";
    case Op::kMod: return "%";
    case Op::kPow: return "**";
    case Op::kMatMul: return "@";
    case Op::kLShift: return "<<";
    case Op::kRShift: return ">>";
    case Op::kBitAnd: return "&";
    case Op::kBitOr: return "|";
    case Op::kBitXor: return "^";
    case Op::kNot: return "not";
    case Op::kUSub: return "-";
    case Op::kUAdd: return "+";
    case Op::kInvert: return "~";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kEq: return "==";
    case Op::kNotEq: return "!=";
    case Op::kLt: return "<";
    case Op::kLtE: return "<=";
    case Op::kGt: return ">";
    case Op::kGtE: return ">=";
    case Op::kIs: return "is";
    case Op::kIsNot: return "is not";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not in";
  }
  return "?";
}

struct Keyword {
  std::string arg;  // empty for `**kwargs` unpacking
  ExprPtr value;
  SourceSpan span;
};

struct Comprehension {
  ExprPtr target;
  ExprPtr iter;
  std::vector<ExprPtr> ifs;
  bool is_async = false;
};

struct Param {
  std::string name;
  ExprPtr default_value;  // null when none
  ExprPtr annotation;     // null when none
  SourceSpan span;
};

// def f(a, b=1, /, c=2, *args, d, e=3, **kw)
struct Params {
  std::vector<Param> posonly;
  std::vector<Param> args;
  std::unique_ptr<Param> vararg;  // *args (null when absent)
  std::vector<Param> kwonly;
  std::unique_ptr<Param> kwarg;   // **kw (null when absent)
  bool bare_star = false;         // a lone `*` separating keyword-only parameters
};

struct Expr {
  ExprKind kind;
  SourceSpan span;

  std::string id;               // kName
  int64_t int_value = 0;        // kInt
  bool big_literal = false;     // kInt that does not fit in int64
  double float_value = 0;       // kFloat
  std::string str_value;        // kStr; kAttribute: attribute name
  bool is_bytes = false;        // kStr from b"..."
  bool bool_value = false;      // kBool
  Op op = Op::kAdd;             // kBinOp, kUnaryOp, kBoolOp
  char conversion = 0;          // kFormatted: 0, 's', 'r' or 'a'

  ExprPtr operand;              // kAttribute/kSubscript base, kUnaryOp, kStarred, kAwait, kYield,
                                // kFormatted, kLambda body, kCall func (see `func` alias below)
  ExprPtr left, right;          // kBinOp; kNamedExpr: left = target, right = value
  ExprPtr index;                // kSubscript
  ExprPtr lower, upper, step;   // kSlice
  ExprPtr test, body, orelse;   // kIfExp
  ExprPtr elt, value;           // comprehensions (kDictComp: elt = key, value = value)
  ExprPtr format_spec;          // kFormatted (a kFString), null when none
  std::vector<ExprPtr> elts;    // kTuple, kList, kSet, kBoolOp values, kCompare comparators,
                                // kFString parts, kCall positional args, kDict values
  std::vector<ExprPtr> keys;    // kDict
  std::vector<Op> ops;          // kCompare
  std::vector<Keyword> keywords;        // kCall
  std::vector<Comprehension> generators;
  std::unique_ptr<Params> params;       // kLambda
  bool parenthesized = false;   // written inside ( ) (tuples: `(a, b)` vs `a, b`)

  Expr(ExprKind k, SourceSpan s) : kind(k), span(s) {}
  // For kCall the callee is `operand` and positional arguments are `elts`.
  const Expr* func() const { return operand.get(); }
};

enum class StmtKind {
  kExpr,          // value
  kAssign,        // targets (a = b = value), value
  kAugAssign,     // target op= value
  kAnnAssign,     // target: annotation [= value]
  kPass, kBreak, kContinue,
  kReturn,        // value (may be null)
  kIf,            // test, body, orelse (elif becomes a nested kIf in orelse)
  kWhile,         // test, body, orelse
  kFor,           // target in iter: body, orelse; is_async
  kWith,          // items; is_async
  kAssert,        // test, msg (may be null)
  kGlobal,        // names
  kNonlocal,      // names
  kFunctionDef,   // name, params, body, decorators, returns; is_async
  kClassDef,      // name, bases (in `bases`), keywords, body, decorators
  kTry,           // body, handlers, orelse, finalbody; is_star for except*
  kRaise,         // exc (may be null), cause (may be null)
  kImport,        // aliases (name may be dotted)
  kImportFrom,    // module (dotted, may be empty for `from . import x`), level, aliases
  kDelete,        // targets
  kMatch,         // (parsed only far enough to refuse it)
  kTypeAlias,     // `type X = ...` (refused)
};

struct WithItem {
  ExprPtr context;
  ExprPtr target;  // null when no `as`
};

struct ExceptHandler {
  ExprPtr type;     // null for a bare `except:`
  std::string name; // `as name`, empty when none
  Body body;
  SourceSpan span;
};

struct Alias {
  std::string name;    // may be dotted: `import a.b`
  std::string asname;  // empty when none
  SourceSpan span;
};

struct Stmt {
  StmtKind kind;
  SourceSpan span;  // the whole statement; for compound statements, the header line(s) only
                    // through the end of the body

  ExprPtr value;
  std::vector<ExprPtr> targets;
  ExprPtr target;
  Op op = Op::kAdd;          // kAugAssign
  ExprPtr annotation;        // kAnnAssign
  ExprPtr test;              // kIf, kWhile, kAssert
  ExprPtr msg;               // kAssert
  ExprPtr iter;              // kFor
  Body body, orelse, finalbody;
  std::vector<WithItem> items;          // kWith
  std::vector<std::string> names;       // kGlobal, kNonlocal
  std::vector<SourceSpan> name_spans;   // kGlobal, kNonlocal
  std::string name;                     // kFunctionDef, kClassDef
  SourceSpan name_span;                 // kFunctionDef, kClassDef: the name token
  std::unique_ptr<Params> params;       // kFunctionDef
  std::vector<ExprPtr> decorators;
  ExprPtr returns;                      // kFunctionDef annotation
  std::vector<ExprPtr> bases;           // kClassDef
  std::vector<Keyword> keywords;        // kClassDef
  std::vector<ExceptHandler> handlers;  // kTry
  ExprPtr exc, cause;                   // kRaise
  std::vector<Alias> aliases;           // kImport, kImportFrom
  std::string module;                   // kImportFrom
  int level = 0;                        // kImportFrom: number of leading dots
  bool is_async = false;
  bool is_star = false;                 // kTry with except*

  Stmt(StmtKind k, SourceSpan s) : kind(k), span(s) {}
};

struct Module {
  Body body;
  std::string docstring;  // the module docstring, if the first statement is a string literal
  bool has_docstring = false;
};

}  // namespace lockcheck::ast

#endif  // LOCKCHECK_SCENARIOS_LANG_AST_H_
