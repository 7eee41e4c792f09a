// The parser: recursive descent over the lexer's tokens, one function per grammar rule of
// Python 3.13 (Grammar/python.gram), each opening with the rule it implements. Where the PEG
// grammar needs unbounded lookahead (a `match` statement versus a call of a function named
// `match`; `with (a as b):` versus a parenthesized context expression), the parser tries the
// first reading and rewinds if it fails.
//
// Errors: the first one stops the parse. Messages and locations follow CPython's, including its
// rule that a tokenizer error anywhere in the file wins over a generic "invalid syntax" (the
// tokenizer error is usually the real cause: an unclosed bracket swallows the following lines).
//
// Depth: every way the grammar recurses (brackets, blocks, `elif` chains, unary operators,
// `not`, `**`, conditional expressions, lambda bodies, f-string fields) and every operator that
// wraps the tree built so far (`a + b + c`, `a.b.c`) counts against kMaxNesting. So neither the
// parser nor any later pass that walks the tree recursively (the destructor included) can run
// out of stack, whatever the input.
#include "scenarios/lang/parser.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "scenarios/lang/lexer.h"
#include "scenarios/lang/token.h"

namespace lockcheck {
namespace {

using ast::Body;
using ast::Comprehension;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Keyword;
using ast::Op;
using ast::Param;
using ast::Params;
using ast::Stmt;
using ast::StmtKind;
using ast::StmtPtr;
using TK = TokenKind;

constexpr const char* kInvalidSyntax = "invalid syntax";

// What CPython calls an expression in "cannot assign to %s" (_PyPegen_get_expr_name).
const char* ExprName(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kName: return "name";
    case ExprKind::kInt: case ExprKind::kFloat: case ExprKind::kStr: return "literal";
    case ExprKind::kBool: return e.bool_value ? "True" : "False";
    case ExprKind::kNone: return "None";
    case ExprKind::kEllipsis: return "ellipsis";
    case ExprKind::kFString: case ExprKind::kFormatted: return "f-string expression";
    case ExprKind::kTuple: return "tuple";
    case ExprKind::kList: return "list";
    case ExprKind::kSet: return "set display";
    case ExprKind::kDict: return "dict literal";
    case ExprKind::kListComp: return "list comprehension";
    case ExprKind::kSetComp: return "set comprehension";
    case ExprKind::kDictComp: return "dict comprehension";
    case ExprKind::kGeneratorExp: return "generator expression";
    case ExprKind::kAttribute: return "attribute";
    case ExprKind::kSubscript: return "subscript";
    case ExprKind::kSlice: return "slice";
    case ExprKind::kCall: return "function call";
    case ExprKind::kBinOp: case ExprKind::kUnaryOp: case ExprKind::kBoolOp: return "expression";
    case ExprKind::kCompare: return "comparison";
    case ExprKind::kIfExp: return "conditional expression";
    case ExprKind::kLambda: return "lambda";
    case ExprKind::kStarred: return "starred";
    case ExprKind::kNamedExpr: return "named expression";
    case ExprKind::kAwait: return "await expression";
    case ExprKind::kYield: case ExprKind::kYieldFrom: return "yield expression";
  }
  return "expression";
}

// Where a name, attribute, subscript or a tuple/list of them is required.
enum class TargetContext { kAssign, kDelete };

// The first sub-expression of `e` that cannot be a target, or null.
const Expr* InvalidTarget(const Expr& e, TargetContext ctx) {
  switch (e.kind) {
    case ExprKind::kName:
    case ExprKind::kAttribute:
    case ExprKind::kSubscript:
      return nullptr;
    case ExprKind::kStarred:
      if (ctx == TargetContext::kDelete) return &e;
      return InvalidTarget(*e.operand, ctx);
    case ExprKind::kTuple:
    case ExprKind::kList:
      for (const ExprPtr& elt : e.elts) {
        if (const Expr* bad = InvalidTarget(*elt, ctx)) return bad;
      }
      return nullptr;
    default:
      return &e;
  }
}

bool IsAugAssign(TK k, Op* op) {
  switch (k) {
    case TK::kPlusEqual: *op = Op::kAdd; return true;
    case TK::kMinEqual: *op = Op::kSub; return true;
    case TK::kStarEqual: *op = Op::kMul; return true;
    case TK::kSlashEqual: *op = Op::kDiv; return true;
    case TK::kDoubleSlashEqual: *op = Op::kFloorDiv; return true;
    case TK::kPercentEqual: *op = Op::kMod; return true;
    case TK::kAtEqual: *op = Op::kMatMul; return true;
    case TK::kAmperEqual: *op = Op::kBitAnd; return true;
    case TK::kVBarEqual: *op = Op::kBitOr; return true;
    case TK::kCircumflexEqual: *op = Op::kBitXor; return true;
    case TK::kLeftShiftEqual: *op = Op::kLShift; return true;
    case TK::kRightShiftEqual: *op = Op::kRShift; return true;
    case TK::kDoubleStarEqual: *op = Op::kPow; return true;
    default: return false;
  }
}

// Tokens that can begin an expression (used to end optional parts and to suggest commas).
bool StartsExpression(TK k) {
  switch (k) {
    case TK::kName: case TK::kNumber: case TK::kString: case TK::kFStringStart:
    case TK::kLPar: case TK::kLSqb: case TK::kLBrace: case TK::kMinus: case TK::kPlus:
    case TK::kTilde: case TK::kEllipsis: case TK::kNone: case TK::kTrue: case TK::kFalse:
    case TK::kNot: case TK::kLambda: case TK::kAwait: case TK::kStar:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  Parser(const SourceFile& source, std::vector<Token> tokens)
      : source_(source), tokens_(std::move(tokens)) {}

  ParseResult Run();

 private:
  // Counts one level of nesting for as long as it lives. `ok` is false (and the error is
  // recorded) when the level is one too many.
  class Nest {
   public:
    explicit Nest(Parser* p) : p_(p) { ok = ++p_->depth_ <= kMaxNesting || p_->TooDeep(); }
    ~Nest() { --p_->depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;
    bool ok;

   private:
    Parser* p_;
  };

  // For a loop that wraps the tree built so far in a new node (`a + b + c`, `a.b(c)[d]`): each
  // wrap is one more level, until the loop ends.
  class Chain {
   public:
    explicit Chain(Parser* p) : p_(p) {}
    ~Chain() { p_->depth_ -= levels_; }
    Chain(const Chain&) = delete;
    Chain& operator=(const Chain&) = delete;
    bool Deeper() {
      ++levels_;
      return ++p_->depth_ <= kMaxNesting || p_->TooDeep();
    }

   private:
    Parser* p_;
    int levels_ = 0;
  };

  // A position to come back to after a failed attempt.
  struct Mark {
    size_t pos;
    SourceLoc last_end;
  };

  // --- Tokens ---
  const Token& Cur() const { return tokens_[pos_]; }
  const Token& Peek(size_t n) const {
    return tokens_[std::min(pos_ + n, tokens_.size() - 1)];
  }
  bool At(TK k) const { return Cur().kind == k; }
  bool AtSoftKeyword(std::string_view word) const {
    return Cur().kind == TK::kName && Cur().text == word;
  }
  void Advance() {
    const Token& t = Cur();
    if (t.kind != TK::kNewline && t.kind != TK::kIndent && t.kind != TK::kDedent &&
        t.kind != TK::kEndMarker) {
      last_end_ = t.span.end;
    }
    if (pos_ + 1 < tokens_.size()) ++pos_;
  }
  bool Accept(TK k) {
    if (!At(k)) return false;
    Advance();
    return true;
  }
  SourceLoc Begin() const { return Cur().span.begin; }
  Mark Save() const { return {pos_, last_end_}; }
  void Restore(const Mark& m) {
    pos_ = m.pos;
    last_end_ = m.last_end;
  }

  // --- Errors ---
  bool failed() const { return error_.has_value(); }
  // As CPython does: a tokenizer error further on in the file replaces a syntax error (an
  // unterminated string or bracket usually explains what the parser tripped over), except an
  // unexpected indent or a nesting limit; an unclosed bracket only if it opened on an earlier
  // line.
  void PreferTokenizerError() {
    const Token& t = tokens_.back();
    if (t.kind != TK::kError || error_->message == "unexpected indent" ||
        error_->message.starts_with("too deeply nested")) {
      return;
    }
    std::string_view message = t.value;
    constexpr std::string_view kUnclosed = "was never closed";
    bool unclosed = message.size() >= kUnclosed.size() &&
                    message.substr(message.size() - kUnclosed.size()) == kUnclosed;
    if (unclosed && t.span.begin.line >= error_->line) return;
    error_ = Diagnostic{t.value, source_.path(), t.span.begin.line, t.span.begin.column};
  }
  // Records the first error; returns null so rules can `return Fail(...)`.
  std::nullptr_t Fail(std::string message, SourceLoc at) {
    if (!error_) {
      if (Cur().kind == TK::kError) {
        // The parser is stuck on the tokenizer's error: that is the real one.
        message = Cur().value;
        at = Cur().span.begin;
      }
      error_ = Diagnostic{std::move(message), source_.path(), at.line, at.column};
    }
    return nullptr;
  }
  std::nullptr_t SyntaxError() { return Fail(kInvalidSyntax, Begin()); }
  bool TooDeep() {
    Fail(absl::StrFormat("too deeply nested (the limit is %d)", kMaxNesting), Begin());
    return false;
  }
  // Where an error about a missing block or clause points: the next token, or the end of the
  // last line when the file ends first.
  SourceLoc MissingLoc() const {
    if (Cur().span.begin.line > source_.line_count()) {
      const Token& prev = tokens_[pos_ > 0 ? pos_ - 1 : 0];
      return prev.kind == TK::kNewline ? prev.span.begin : last_end_;
    }
    return Begin();
  }
  bool Expect(TK k) {
    if (Accept(k)) return true;
    SyntaxError();
    return false;
  }
  bool ExpectColon() {
    if (Accept(TK::kColon)) return true;
    Fail("expected ':'", At(TK::kNewline) ? last_end_ : Begin());
    return false;
  }
  // The closing bracket of a display, call or subscript. Two expressions side by side on one
  // line inside brackets are most likely a missing comma (across lines, more likely a bracket
  // left open).
  bool ExpectCloser(TK closer, const Expr* last) {
    if (Accept(closer)) return true;
    if (last != nullptr && StartsExpression(Cur().kind) && Cur().kind != TK::kStar &&
        Begin().line == last->span.end.line &&
        !(last->kind == ExprKind::kName && !last->parenthesized &&
          (At(TK::kString) || At(TK::kFStringStart)))) {
      Fail("invalid syntax. Perhaps you forgot a comma?", last->span.begin);
      return false;
    }
    SyntaxError();
    return false;
  }
  bool CheckTarget(const Expr& e, TargetContext ctx) {
    if (ctx == TargetContext::kAssign && e.kind == ExprKind::kStarred) {
      Fail("starred assignment target must be in a list or tuple", e.span.begin);
      return false;
    }
    if (const Expr* bad = InvalidTarget(e, ctx)) {
      Fail(absl::StrCat(ctx == TargetContext::kDelete ? "cannot delete " : "cannot assign to ",
                        ExprName(*bad)),
           bad->span.begin);
      return false;
    }
    return CheckStarredTargets(e);
  }
  // At most one starred target per tuple or list (`a, *b, *c = x` cannot be unpacked).
  bool CheckStarredTargets(const Expr& e) {
    if (e.kind != ExprKind::kTuple && e.kind != ExprKind::kList) return true;
    bool seen = false;
    for (const ExprPtr& elt : e.elts) {
      if (elt->kind == ExprKind::kStarred) {
        if (seen) {
          Fail("multiple starred expressions in assignment", elt->span.begin);
          return false;
        }
        seen = true;
      }
      if (!CheckStarredTargets(elt->kind == ExprKind::kStarred ? *elt->operand : *elt)) {
        return false;
      }
    }
    return true;
  }
  // A lone `*x` where a value is needed (`x = *a`, `return *a`).
  bool CheckNotStarred(const Expr& e) {
    if (e.kind == ExprKind::kStarred && !e.parenthesized) {
      Fail("can't use starred expression here", e.span.begin);
      return false;
    }
    return true;
  }

  // --- Node construction ---
  ExprPtr NewExpr(ExprKind kind, SourceLoc begin) {
    return std::make_unique<Expr>(kind, SourceSpan{begin, last_end_});
  }
  StmtPtr NewStmt(StmtKind kind, SourceLoc begin) {
    return std::make_unique<Stmt>(kind, SourceSpan{begin, last_end_});
  }
  void Finish(Expr* e, SourceLoc begin) { e->span = {begin, last_end_}; }
  void Finish(Stmt* s, SourceLoc begin) { s->span = {begin, last_end_}; }

  // --- Statements ---
  bool Statements(Body* body, bool in_block);
  bool Statement(Body* body);
  bool SimpleStatements(Body* body);
  StmtPtr SimpleStatement();
  StmtPtr ExpressionStatement();
  StmtPtr ReturnStatement();
  StmtPtr RaiseStatement();
  StmtPtr GlobalStatement();
  StmtPtr DelStatement();
  StmtPtr AssertStatement();
  StmtPtr ImportStatement();
  StmtPtr FromImportStatement();
  StmtPtr TypeAliasStatement();
  bool Block(Body* body, std::string_view what, int line);
  StmtPtr IfStatement();
  StmtPtr WhileStatement();
  StmtPtr ForStatement(SourceLoc begin, bool is_async);
  StmtPtr WithStatement(SourceLoc begin, bool is_async);
  bool WithItems(Stmt* stmt, bool parenthesized);
  StmtPtr TryStatement();
  StmtPtr FunctionDef(SourceLoc begin, bool is_async, std::vector<ExprPtr> decorators);
  StmtPtr ClassDef(std::vector<ExprPtr> decorators);
  StmtPtr Decorated();
  StmtPtr TryMatchStatement();
  bool ElseBlock(Body* orelse);
  std::unique_ptr<Params> Parameters(TK closer, bool annotations);
  bool Parameter(Param* param, bool annotations, bool star_annotation);

  // --- Expressions ---
  ExprPtr StarExpressions();
  ExprPtr StarExpression();
  ExprPtr StarNamedExpression();
  ExprPtr NamedExpression();
  ExprPtr Expression();
  ExprPtr YieldExpression();
  ExprPtr YieldOrStarExpressions() {
    return At(TK::kYield) ? YieldExpression() : StarExpressions();
  }
  ExprPtr Lambda();
  ExprPtr Disjunction();
  ExprPtr Conjunction();
  ExprPtr Inversion();
  ExprPtr Comparison();
  ExprPtr BinaryLevel(int level);
  ExprPtr Factor();
  ExprPtr Power();
  ExprPtr AwaitPrimary();
  ExprPtr Primary();
  ExprPtr Atom();
  ExprPtr ParenAtom();
  ExprPtr ListAtom();
  ExprPtr BraceAtom();
  ExprPtr StarTargets();
  bool Generators(std::vector<Comprehension>* out);
  bool CallArguments(Expr* call, SourceLoc open, TK closer);
  ExprPtr Slices();
  ExprPtr Slice();
  ExprPtr Strings();
  bool FStringParts(std::vector<ExprPtr>* parts, TK end);
  bool ReplacementField(std::vector<ExprPtr>* parts);
  void AddLiteral(std::vector<ExprPtr>* parts, std::string_view text, SourceSpan span);

  const SourceFile& source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  SourceLoc last_end_{1, 1};  // end of the last consumed token other than layout tokens
  int depth_ = 0;
  std::optional<Diagnostic> error_;
};

ParseResult Parser::Run() {
  ParseResult result;
  auto module = std::make_unique<ast::Module>();
  if (At(TK::kEndMarker)) {
    result.errors.push_back({"scenario is empty: nothing to check", source_.path(), 1, 1});
    return result;
  }
  bool ok = Statements(&module->body, /*in_block=*/false);
  if (!ok && !error_) {
    error_ = Diagnostic{"internal error: the parser stopped without a diagnostic",
                        source_.path(), Begin().line, Begin().column};
  }
  if (error_) {
    PreferTokenizerError();
    result.errors.push_back(std::move(*error_));
    return result;
  }
  if (!module->body.empty() && module->body[0]->kind == StmtKind::kExpr &&
      module->body[0]->value->kind == ExprKind::kStr && !module->body[0]->value->is_bytes) {
    module->docstring = module->body[0]->value->str_value;
    module->has_docstring = true;
  }
  result.module = std::move(module);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Statements

// statements: statement+   (up to the DEDENT of a block, or the end of the file)
bool Parser::Statements(Body* body, bool in_block) {
  while (!failed()) {
    if (At(in_block ? TK::kDedent : TK::kEndMarker)) return true;
    if (!Statement(body)) return false;
  }
  return false;
}

// statement: compound_stmt | simple_stmts
bool Parser::Statement(Body* body) {
  StmtPtr stmt;
  SourceLoc begin = Begin();
  switch (Cur().kind) {
    case TK::kIndent:
      Fail("unexpected indent", Cur().span.end);
      return false;
    case TK::kIf: stmt = IfStatement(); break;
    case TK::kWhile: stmt = WhileStatement(); break;
    case TK::kFor: stmt = ForStatement(begin, false); break;
    case TK::kWith: stmt = WithStatement(begin, false); break;
    case TK::kTry: stmt = TryStatement(); break;
    case TK::kDef: stmt = FunctionDef(begin, false, {}); break;
    case TK::kClass: stmt = ClassDef({}); break;
    case TK::kAt: stmt = Decorated(); break;
    case TK::kAsync:
      Advance();
      if (At(TK::kDef)) {
        stmt = FunctionDef(begin, true, {});
      } else if (At(TK::kFor)) {
        stmt = ForStatement(begin, true);
      } else if (At(TK::kWith)) {
        stmt = WithStatement(begin, true);
      } else {
        SyntaxError();
      }
      break;
    default:
      if (AtSoftKeyword("match")) {
        stmt = TryMatchStatement();
        if (stmt || failed()) break;
      }
      return SimpleStatements(body);
  }
  if (!stmt) return false;
  body->push_back(std::move(stmt));
  return true;
}

// simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE
bool Parser::SimpleStatements(Body* body) {
  for (;;) {
    StmtPtr stmt = SimpleStatement();
    if (!stmt) return false;
    body->push_back(std::move(stmt));
    if (!Accept(TK::kSemi) || At(TK::kNewline)) break;
  }
  return Expect(TK::kNewline);
}

// simple_stmt: assignment | type_alias | star_expressions | return_stmt | import_stmt
//   | raise_stmt | 'pass' | del_stmt | yield_stmt | assert_stmt | 'break' | 'continue'
//   | global_stmt | nonlocal_stmt
StmtPtr Parser::SimpleStatement() {
  SourceLoc begin = Begin();
  switch (Cur().kind) {
    case TK::kPass:
    case TK::kBreak:
    case TK::kContinue: {
      StmtKind kind = At(TK::kPass)    ? StmtKind::kPass
                      : At(TK::kBreak) ? StmtKind::kBreak
                                       : StmtKind::kContinue;
      Advance();
      return NewStmt(kind, begin);
    }
    case TK::kReturn: return ReturnStatement();
    case TK::kRaise: return RaiseStatement();
    case TK::kGlobal:
    case TK::kNonlocal: return GlobalStatement();
    case TK::kDel: return DelStatement();
    case TK::kAssert: return AssertStatement();
    case TK::kImport: return ImportStatement();
    case TK::kFrom: return FromImportStatement();
    default:
      if (AtSoftKeyword("type") && Peek(1).kind == TK::kName &&
          (Peek(2).kind == TK::kEqual || Peek(2).kind == TK::kLSqb)) {
        return TypeAliasStatement();
      }
      return ExpressionStatement();
  }
}

// assignment:
//     | single_target ':' expression ['=' annotated_rhs]
//     | (star_targets '=')+ (yield_expr | star_expressions)
//     | single_target augassign (yield_expr | star_expressions)
// star_expressions  (an expression statement)
StmtPtr Parser::ExpressionStatement() {
  SourceLoc begin = Begin();
  ExprPtr first = YieldOrStarExpressions();
  if (!first) return nullptr;
  Op op = Op::kAdd;
  if (At(TK::kColon)) {
    if (first->kind == ExprKind::kTuple || first->kind == ExprKind::kList) {
      return Fail(absl::StrCat("only single target (not ",
                               first->kind == ExprKind::kTuple ? "tuple" : "list",
                               ") can be annotated"),
                  first->span.begin);
    }
    if (first->kind != ExprKind::kName && first->kind != ExprKind::kAttribute &&
        first->kind != ExprKind::kSubscript) {
      return Fail("illegal target for annotation", first->span.begin);
    }
    Advance();
    auto stmt = NewStmt(StmtKind::kAnnAssign, begin);
    stmt->target = std::move(first);
    stmt->annotation = Expression();
    if (!stmt->annotation) return nullptr;
    if (Accept(TK::kEqual)) {
      stmt->value = YieldOrStarExpressions();
      if (!stmt->value || !CheckNotStarred(*stmt->value)) return nullptr;
    }
    Finish(stmt.get(), begin);
    return stmt;
  }
  if (IsAugAssign(Cur().kind, &op)) {
    if (first->kind != ExprKind::kName && first->kind != ExprKind::kAttribute &&
        first->kind != ExprKind::kSubscript) {
      return Fail(absl::StrCat("'", ExprName(*first),
                               "' is an illegal expression for augmented assignment"),
                  first->span.begin);
    }
    Advance();
    auto stmt = NewStmt(StmtKind::kAugAssign, begin);
    stmt->target = std::move(first);
    stmt->op = op;
    stmt->value = YieldOrStarExpressions();
    if (!stmt->value || !CheckNotStarred(*stmt->value)) return nullptr;
    Finish(stmt.get(), begin);
    return stmt;
  }
  if (At(TK::kColonEqual) && first->kind != ExprKind::kName) {
    return Fail(absl::StrCat("cannot use assignment expressions with ", ExprName(*first)),
                first->span.begin);
  }
  if (!At(TK::kEqual)) {
    if (!CheckNotStarred(*first)) return nullptr;
    auto stmt = NewStmt(StmtKind::kExpr, begin);
    stmt->value = std::move(first);
    return stmt;
  }
  std::vector<ExprPtr> chain;
  chain.push_back(std::move(first));
  while (Accept(TK::kEqual)) {
    ExprPtr next = YieldOrStarExpressions();
    if (!next) return nullptr;
    chain.push_back(std::move(next));
  }
  auto stmt = NewStmt(StmtKind::kAssign, begin);
  stmt->value = std::move(chain.back());
  chain.pop_back();
  for (ExprPtr& target : chain) {
    const Expr* bad = InvalidTarget(*target, TargetContext::kAssign);
    if (target->kind == ExprKind::kYield || target->kind == ExprKind::kYieldFrom) {
      return Fail("assignment to yield expression not possible", target->span.begin);
    }
    if (bad == target.get() && chain.size() == 1 && target->kind != ExprKind::kBool &&
        target->kind != ExprKind::kNone && stmt->value->kind != ExprKind::kTuple) {
      // `f() = 1`: most likely a comparison was meant.
      return Fail(absl::StrCat("cannot assign to ", ExprName(*bad),
                               " here. Maybe you meant '==' instead of '='?"),
                  bad->span.begin);
    }
    if (!CheckTarget(*target, TargetContext::kAssign)) return nullptr;
  }
  if (!CheckNotStarred(*stmt->value)) return nullptr;
  stmt->targets = std::move(chain);
  return stmt;
}

// return_stmt: 'return' [star_expressions]
StmtPtr Parser::ReturnStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kReturn, begin);
  if (StartsExpression(Cur().kind)) {
    stmt->value = StarExpressions();
    if (!stmt->value || !CheckNotStarred(*stmt->value)) return nullptr;
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// raise_stmt: 'raise' expression ['from' expression] | 'raise'
StmtPtr Parser::RaiseStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kRaise, begin);
  if (StartsExpression(Cur().kind)) {
    stmt->exc = Expression();
    if (!stmt->exc) return nullptr;
    if (Accept(TK::kFrom)) {
      stmt->cause = Expression();
      if (!stmt->cause) return nullptr;
    }
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// global_stmt: 'global' ','.NAME+
// nonlocal_stmt: 'nonlocal' ','.NAME+
StmtPtr Parser::GlobalStatement() {
  SourceLoc begin = Begin();
  StmtKind kind = At(TK::kGlobal) ? StmtKind::kGlobal : StmtKind::kNonlocal;
  Advance();
  auto stmt = NewStmt(kind, begin);
  do {
    if (!At(TK::kName)) return SyntaxError();
    stmt->names.emplace_back(Cur().text);
    stmt->name_spans.push_back(Cur().span);
    Advance();
  } while (Accept(TK::kComma));
  Finish(stmt.get(), begin);
  return stmt;
}

// del_stmt: 'del' ','.del_target+ [','] &(';' | NEWLINE)
StmtPtr Parser::DelStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kDelete, begin);
  do {
    if (At(TK::kNewline) || At(TK::kSemi)) break;  // trailing comma
    ExprPtr target = BinaryLevel(0);
    if (!target) return nullptr;
    if (!CheckTarget(*target, TargetContext::kDelete)) return nullptr;
    stmt->targets.push_back(std::move(target));
  } while (Accept(TK::kComma));
  if (stmt->targets.empty()) return SyntaxError();
  if (!At(TK::kNewline) && !At(TK::kSemi)) return SyntaxError();
  Finish(stmt.get(), begin);
  return stmt;
}

// assert_stmt: 'assert' expression [',' expression]
StmtPtr Parser::AssertStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kAssert, begin);
  stmt->test = Expression();
  if (!stmt->test) return nullptr;
  if (Accept(TK::kComma)) {
    stmt->msg = Expression();
    if (!stmt->msg) return nullptr;
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// import_name: 'import' ','.(dotted_name ['as' NAME])+
StmtPtr Parser::ImportStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kImport, begin);
  do {
    ast::Alias alias;
    SourceLoc alias_begin = Begin();
    // dotted_name: NAME ('.' NAME)*
    do {
      if (!At(TK::kName)) return SyntaxError();
      if (!alias.name.empty()) alias.name += '.';
      alias.name += Cur().text;
      Advance();
    } while (Accept(TK::kDot));
    if (Accept(TK::kAs)) {
      if (!At(TK::kName)) return SyntaxError();
      alias.asname = std::string(Cur().text);
      Advance();
    }
    alias.span = {alias_begin, last_end_};
    stmt->aliases.push_back(std::move(alias));
  } while (Accept(TK::kComma));
  Finish(stmt.get(), begin);
  return stmt;
}

// import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets
//            | 'from' ('.' | '...')+ 'import' import_from_targets
// import_from_targets: '(' ','.(NAME ['as' NAME])+ [','] ')' | ','.(NAME ['as' NAME])+ !','
//                    | '*'
StmtPtr Parser::FromImportStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kImportFrom, begin);
  for (;;) {
    if (Accept(TK::kDot)) {
      stmt->level += 1;
    } else if (Accept(TK::kEllipsis)) {
      stmt->level += 3;
    } else {
      break;
    }
  }
  if (At(TK::kName)) {
    do {
      if (!At(TK::kName)) return SyntaxError();
      if (!stmt->module.empty()) stmt->module += '.';
      stmt->module += Cur().text;
      Advance();
    } while (Accept(TK::kDot));
  } else if (stmt->level == 0) {
    return SyntaxError();
  }
  if (!Expect(TK::kImport)) return nullptr;
  if (At(TK::kStar)) {
    stmt->aliases.push_back({"*", "", Cur().span});
    Advance();
    Finish(stmt.get(), begin);
    return stmt;
  }
  bool parenthesized = Accept(TK::kLPar);
  for (;;) {
    if (!At(TK::kName)) return SyntaxError();
    ast::Alias alias;
    SourceLoc alias_begin = Begin();
    alias.name = std::string(Cur().text);
    Advance();
    if (Accept(TK::kAs)) {
      if (!At(TK::kName)) return SyntaxError();
      alias.asname = std::string(Cur().text);
      Advance();
    }
    alias.span = {alias_begin, last_end_};
    stmt->aliases.push_back(std::move(alias));
    if (!At(TK::kComma)) break;
    Advance();
    if (parenthesized && At(TK::kRPar)) break;
    if (!parenthesized && (At(TK::kNewline) || At(TK::kSemi))) {
      return Fail("trailing comma not allowed without surrounding parentheses", Begin());
    }
  }
  if (parenthesized && !Expect(TK::kRPar)) return nullptr;
  Finish(stmt.get(), begin);
  return stmt;
}

// type_alias: "type" NAME [type_params] '=' expression
// Parsed only to be refused: the type parameters are skipped.
StmtPtr Parser::TypeAliasStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kTypeAlias, begin);
  stmt->target = NewExpr(ExprKind::kName, Begin());
  stmt->target->id = std::string(Cur().text);
  Advance();
  Finish(stmt->target.get(), stmt->target->span.begin);
  if (At(TK::kLSqb)) {
    // The brackets balance (the lexer checked), so the matching `]` is found.
    int open = 0;
    do {
      if (At(TK::kLSqb) || At(TK::kLPar) || At(TK::kLBrace)) ++open;
      if (At(TK::kRSqb) || At(TK::kRPar) || At(TK::kRBrace)) --open;
      if (At(TK::kEndMarker) || At(TK::kError)) return SyntaxError();
      Advance();
    } while (open > 0);
  }
  if (!Expect(TK::kEqual)) return nullptr;
  stmt->value = Expression();
  if (!stmt->value) return nullptr;
  Finish(stmt.get(), begin);
  return stmt;
}

// match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
// `match` is a soft keyword: this is a match statement only if a subject and `:` NEWLINE
// follow; otherwise (null, no error) it is an ordinary name. The cases are skipped by
// indentation: the resolver refuses the statement.
StmtPtr Parser::TryMatchStatement() {
  Mark mark = Save();
  SourceLoc begin = Begin();
  int line = begin.line;
  Advance();
  ExprPtr subject;
  if (StartsExpression(Cur().kind)) subject = StarExpressions();
  // (A lone `*x` subject needs a comma: `match *x:` is not a match statement.)
  if (!subject || (subject->kind == ExprKind::kStarred && !subject->parenthesized) ||
      !At(TK::kColon) || Peek(1).kind != TK::kNewline) {
    error_.reset();
    Restore(mark);
    return nullptr;
  }
  Advance();  // ':'
  Advance();  // NEWLINE
  if (!At(TK::kIndent)) {
    return Fail(absl::StrFormat("expected an indented block after 'match' statement on line %d",
                                line),
                MissingLoc());
  }
  auto stmt = NewStmt(StmtKind::kMatch, begin);
  stmt->value = std::move(subject);
  int depth = 0;
  do {
    if (At(TK::kIndent)) ++depth;
    if (At(TK::kDedent)) --depth;
    if (At(TK::kError)) return SyntaxError();
    Advance();
  } while (depth > 0);
  Finish(stmt.get(), begin);
  return stmt;
}

// block: NEWLINE INDENT statements DEDENT | simple_stmts
// `what` names the header for the error CPython gives when the indented block is missing.
bool Parser::Block(Body* body, std::string_view what, int line) {
  if (!Accept(TK::kNewline)) return SimpleStatements(body);
  if (!At(TK::kIndent)) {
    Fail(absl::StrFormat("expected an indented block after %s on line %d", what, line),
         MissingLoc());
    return false;
  }
  Advance();  // INDENT
  Nest nest(this);
  if (!nest.ok) return false;
  if (!Statements(body, /*in_block=*/true)) return false;
  Advance();  // DEDENT
  return true;
}

// else_block: 'else' ':' block
bool Parser::ElseBlock(Body* orelse) {
  if (!At(TK::kElse)) return true;
  int line = Begin().line;
  Advance();
  return ExpectColon() && Block(orelse, "'else' statement", line);
}

// if_stmt: 'if' named_expression ':' block (elif_stmt | [else_block])
// elif_stmt: 'elif' named_expression ':' block (elif_stmt | [else_block])
StmtPtr Parser::IfStatement() {
  SourceLoc begin = Begin();
  bool is_elif = At(TK::kElif);
  Advance();
  auto stmt = NewStmt(StmtKind::kIf, begin);
  stmt->test = NamedExpression();
  if (!stmt->test || !ExpectColon() ||
      !Block(&stmt->body, is_elif ? "'elif' statement" : "'if' statement", begin.line)) {
    return nullptr;
  }
  if (At(TK::kElif)) {
    Nest nest(this);  // the elif becomes an if nested in the orelse
    if (!nest.ok) return nullptr;
    StmtPtr elif = IfStatement();
    if (!elif) return nullptr;
    stmt->orelse.push_back(std::move(elif));
  } else if (!ElseBlock(&stmt->orelse)) {
    return nullptr;
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// while_stmt: 'while' named_expression ':' block [else_block]
StmtPtr Parser::WhileStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kWhile, begin);
  stmt->test = NamedExpression();
  if (!stmt->test || !ExpectColon() || !Block(&stmt->body, "'while' statement", begin.line) ||
      !ElseBlock(&stmt->orelse)) {
    return nullptr;
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// for_stmt: ['async'] 'for' star_targets 'in' star_expressions ':' block [else_block]
StmtPtr Parser::ForStatement(SourceLoc begin, bool is_async) {
  int line = Begin().line;
  Advance();
  auto stmt = NewStmt(StmtKind::kFor, begin);
  stmt->is_async = is_async;
  stmt->target = StarTargets();
  if (!stmt->target || !CheckTarget(*stmt->target, TargetContext::kAssign)) return nullptr;
  if (!Expect(TK::kIn)) return nullptr;
  stmt->iter = StarExpressions();
  if (!stmt->iter || !ExpectColon() || !Block(&stmt->body, "'for' statement", line) ||
      !ElseBlock(&stmt->orelse)) {
    return nullptr;
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// with_stmt: ['async'] 'with' '(' ','.with_item+ ','? ')' ':' block
//          | ['async'] 'with' ','.with_item+ ':' block
StmtPtr Parser::WithStatement(SourceLoc begin, bool is_async) {
  int line = Begin().line;
  Advance();
  auto stmt = NewStmt(StmtKind::kWith, begin);
  stmt->is_async = is_async;
  bool done = false;
  if (At(TK::kLPar)) {
    // `with (a as b, c):` groups items; `with (a, b) as c:` is one parenthesized expression.
    Mark mark = Save();
    if (WithItems(stmt.get(), /*parenthesized=*/true) && At(TK::kColon)) {
      done = true;
    } else {
      error_.reset();
      stmt->items.clear();
      Restore(mark);
    }
  }
  if (!done && !WithItems(stmt.get(), /*parenthesized=*/false)) return nullptr;
  if (!ExpectColon() || !Block(&stmt->body, "'with' statement", line)) return nullptr;
  Finish(stmt.get(), begin);
  return stmt;
}

// with_item: expression ['as' star_target]
bool Parser::WithItems(Stmt* stmt, bool parenthesized) {
  if (parenthesized) Advance();
  for (;;) {
    ast::WithItem item;
    item.context = Expression();
    if (!item.context) return false;
    if (Accept(TK::kAs)) {
      if (At(TK::kStar)) {
        SourceLoc star = Begin();
        Advance();
        ExprPtr operand = BinaryLevel(0);
        if (!operand) return false;
        item.target = NewExpr(ExprKind::kStarred, star);
        item.target->operand = std::move(operand);
      } else {
        item.target = BinaryLevel(0);
      }
      if (!item.target || !CheckTarget(*item.target, TargetContext::kAssign)) return false;
    }
    stmt->items.push_back(std::move(item));
    if (!Accept(TK::kComma)) break;
    if (parenthesized && At(TK::kRPar)) break;
  }
  return !parenthesized || Expect(TK::kRPar);
}

// try_stmt: 'try' ':' block finally_block
//         | 'try' ':' block except_block+ [else_block] [finally_block]
//         | 'try' ':' block except_star_block+ [else_block] [finally_block]
// except_block: 'except' expression ['as' NAME] ':' block | 'except' ':' block
// except_star_block: 'except' '*' expression ['as' NAME] ':' block
// finally_block: 'finally' ':' block
StmtPtr Parser::TryStatement() {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kTry, begin);
  if (!ExpectColon() || !Block(&stmt->body, "'try' statement", begin.line)) return nullptr;
  while (At(TK::kExcept)) {
    ast::ExceptHandler handler;
    SourceLoc handler_begin = Begin();
    Advance();
    bool star = Accept(TK::kStar);
    if (!stmt->handlers.empty() && star != stmt->is_star) {
      return Fail("cannot have both 'except' and 'except*' on the same 'try'", handler_begin);
    }
    if (!stmt->handlers.empty() && stmt->handlers.back().type == nullptr) {
      return Fail("default 'except:' must be last", stmt->handlers.back().span.begin);
    }
    stmt->is_star = star;
    if (!At(TK::kColon)) {
      SourceLoc type_begin = Begin();
      handler.type = Expression();
      if (!handler.type) return nullptr;
      if (At(TK::kComma)) {
        return Fail("multiple exception types must be parenthesized", type_begin);
      }
      if (Accept(TK::kAs)) {
        if (!At(TK::kName)) return SyntaxError();
        handler.name = std::string(Cur().text);
        Advance();
      }
    } else if (star) {
      return Fail("expected one or more exception types", Begin());
    }
    if (!ExpectColon() ||
        !Block(&handler.body, star ? "'except*' statement" : "'except' statement",
               handler_begin.line)) {
      return nullptr;
    }
    handler.span = {handler_begin, last_end_};
    stmt->handlers.push_back(std::move(handler));
  }
  if (!stmt->handlers.empty() && !ElseBlock(&stmt->orelse)) return nullptr;
  if (At(TK::kFinally)) {
    int line = Begin().line;
    Advance();
    if (!ExpectColon() || !Block(&stmt->finalbody, "'finally' statement", line)) return nullptr;
  } else if (stmt->handlers.empty()) {
    return Fail("expected 'except' or 'finally' block", MissingLoc());
  }
  Finish(stmt.get(), begin);
  return stmt;
}

// decorators: ('@' named_expression NEWLINE)+  (then a function or class definition)
StmtPtr Parser::Decorated() {
  std::vector<ExprPtr> decorators;
  while (Accept(TK::kAt)) {
    ExprPtr d = NamedExpression();
    if (!d) return nullptr;
    decorators.push_back(std::move(d));
    if (!Expect(TK::kNewline)) return nullptr;
  }
  SourceLoc begin = Begin();
  if (At(TK::kDef)) return FunctionDef(begin, false, std::move(decorators));
  if (At(TK::kClass)) return ClassDef(std::move(decorators));
  if (At(TK::kAsync) && Peek(1).kind == TK::kDef) {
    Advance();
    return FunctionDef(begin, true, std::move(decorators));
  }
  return SyntaxError();
}

// function_def_raw: ['async'] 'def' NAME [type_params] '(' [params] ')' ['->' expression] ':'
//                   block
// The span starts at `def` (or `async`), as in CPython; decorators are separate expressions.
StmtPtr Parser::FunctionDef(SourceLoc begin, bool is_async, std::vector<ExprPtr> decorators) {
  int line = Begin().line;
  Advance();  // def
  auto stmt = NewStmt(StmtKind::kFunctionDef, begin);
  stmt->is_async = is_async;
  stmt->decorators = std::move(decorators);
  if (!At(TK::kName)) return SyntaxError();
  stmt->name = std::string(Cur().text);
  stmt->name_span = Cur().span;
  Advance();
  if (At(TK::kLSqb)) return Fail("unsupported in scenarios: type parameters", Begin());
  if (!Expect(TK::kLPar)) return nullptr;
  stmt->params = Parameters(TK::kRPar, /*annotations=*/true);
  if (!stmt->params || !Expect(TK::kRPar)) return nullptr;
  if (Accept(TK::kRArrow)) {
    stmt->returns = Expression();
    if (!stmt->returns) return nullptr;
  }
  if (!ExpectColon() || !Block(&stmt->body, "function definition", line)) return nullptr;
  Finish(stmt.get(), begin);
  return stmt;
}

// class_def_raw: 'class' NAME [type_params] ['(' [arguments] ')'] ':' block
StmtPtr Parser::ClassDef(std::vector<ExprPtr> decorators) {
  SourceLoc begin = Begin();
  Advance();
  auto stmt = NewStmt(StmtKind::kClassDef, begin);
  stmt->decorators = std::move(decorators);
  if (!At(TK::kName)) return SyntaxError();
  stmt->name = std::string(Cur().text);
  stmt->name_span = Cur().span;
  Advance();
  if (At(TK::kLSqb)) return Fail("unsupported in scenarios: type parameters", Begin());
  if (At(TK::kLPar)) {
    Expr args(ExprKind::kCall, Cur().span);
    SourceLoc open = Begin();
    Advance();
    if (!CallArguments(&args, open, TK::kRPar)) return nullptr;
    stmt->bases = std::move(args.elts);
    stmt->keywords = std::move(args.keywords);
  }
  if (!ExpectColon() || !Block(&stmt->body, "class definition", begin.line)) return nullptr;
  Finish(stmt.get(), begin);
  return stmt;
}

// parameters: [posonly '/' ','] [param_no_default | param_with_default]* [star_etc]
// star_etc: '*' [param] (',' param_maybe_default)* [',' kwds] | kwds
// kwds: '**' param
// (The grammar's several alternatives, checked in one pass with CPython's messages.)
// lambda_params are the same without annotations and end at ':'.
std::unique_ptr<Params> Parser::Parameters(TK closer, bool annotations) {
  auto params = std::make_unique<Params>();
  bool seen_slash = false, seen_star = false, seen_default = false;
  SourceLoc star_loc;
  absl::flat_hash_set<std::string> names;
  auto check_name = [&](const Param& p) {
    if (!names.insert(p.name).second) {
      Fail(absl::StrFormat("duplicate argument '%s' in function definition", p.name),
           p.span.begin);
      return false;
    }
    return true;
  };
  while (!At(closer)) {
    if (At(TK::kSlash)) {
      if (seen_slash) return Fail("/ may appear only once", Begin());
      if (seen_star) return Fail("/ must be ahead of *", Begin());
      if (params->args.empty()) return Fail("at least one argument must precede /", Begin());
      Advance();
      seen_slash = true;
      params->posonly = std::move(params->args);
      params->args.clear();
    } else if (At(TK::kStar)) {
      if (seen_star) return Fail("* argument may appear only once", Begin());
      star_loc = Begin();
      Advance();
      seen_star = true;
      if (At(TK::kComma) || At(closer)) {
        params->bare_star = true;
      } else {
        params->vararg = std::make_unique<Param>();
        if (!Parameter(params->vararg.get(), annotations, /*star_annotation=*/true)) {
          return nullptr;
        }
        if (At(TK::kEqual)) return Fail("var-positional argument cannot have default value",
                                        Begin());
        if (!check_name(*params->vararg)) return nullptr;
      }
    } else if (At(TK::kDoubleStar)) {
      Advance();
      params->kwarg = std::make_unique<Param>();
      if (!Parameter(params->kwarg.get(), annotations, false)) return nullptr;
      if (At(TK::kEqual)) return Fail("var-keyword argument cannot have default value", Begin());
      if (!check_name(*params->kwarg)) return nullptr;
      Accept(TK::kComma);
      if (!At(closer)) return Fail("arguments cannot follow var-keyword argument", Begin());
      break;
    } else {
      Param p;
      if (!Parameter(&p, annotations, false)) return nullptr;
      if (Accept(TK::kEqual)) {
        p.default_value = Expression();
        if (!p.default_value) return nullptr;
      }
      if (!check_name(p)) return nullptr;
      if (seen_star) {
        params->kwonly.push_back(std::move(p));
      } else {
        if (p.default_value) {
          seen_default = true;
        } else if (seen_default) {
          return Fail("parameter without a default follows parameter with a default",
                      p.span.begin);
        }
        params->args.push_back(std::move(p));
      }
    }
    if (!At(closer) && !Expect(TK::kComma)) return nullptr;
  }
  if (params->bare_star && params->kwonly.empty()) {
    return Fail("named arguments must follow bare *", star_loc);
  }
  return params;
}

// param: NAME [':' expression]   (for *args the annotation may be starred: *Ts)
bool Parser::Parameter(Param* param, bool annotations, bool star_annotation) {
  if (!At(TK::kName)) {
    SyntaxError();
    return false;
  }
  SourceLoc begin = Begin();
  param->name = std::string(Cur().text);
  Advance();
  if (annotations && Accept(TK::kColon)) {
    param->annotation = star_annotation ? StarExpression() : Expression();
    if (!param->annotation) return false;
  }
  param->span = {begin, last_end_};
  return true;
}

// ---------------------------------------------------------------------------------------------
// Expressions

// star_expressions: star_expression (',' star_expression)* [',']
ExprPtr Parser::StarExpressions() {
  SourceLoc begin = Begin();
  ExprPtr first = StarExpression();
  if (!first || !At(TK::kComma)) return first;
  auto tuple = NewExpr(ExprKind::kTuple, begin);
  tuple->elts.push_back(std::move(first));
  while (Accept(TK::kComma) && StartsExpression(Cur().kind)) {
    ExprPtr elt = StarExpression();
    if (!elt) return nullptr;
    tuple->elts.push_back(std::move(elt));
  }
  Finish(tuple.get(), begin);
  return tuple;
}

// star_expression: '*' bitwise_or | expression
ExprPtr Parser::StarExpression() {
  if (!At(TK::kStar)) return Expression();
  SourceLoc begin = Begin();
  Advance();
  ExprPtr operand = BinaryLevel(0);
  if (!operand) return nullptr;
  auto e = NewExpr(ExprKind::kStarred, begin);
  e->operand = std::move(operand);
  return e;
}

// star_named_expression: '*' bitwise_or | named_expression
ExprPtr Parser::StarNamedExpression() {
  return At(TK::kStar) ? StarExpression() : NamedExpression();
}

// named_expression: NAME ':=' expression | expression !':='
ExprPtr Parser::NamedExpression() {
  SourceLoc begin = Begin();
  if (At(TK::kName) && Peek(1).kind == TK::kColonEqual) {
    auto e = NewExpr(ExprKind::kNamedExpr, begin);
    e->left = NewExpr(ExprKind::kName, begin);
    e->left->id = std::string(Cur().text);
    Advance();
    Finish(e->left.get(), begin);
    Advance();  // :=
    e->right = Expression();
    if (!e->right) return nullptr;
    Finish(e.get(), begin);
    return e;
  }
  ExprPtr e = Expression();
  if (e && At(TK::kColonEqual)) {
    return Fail(absl::StrCat("cannot use assignment expressions with ", ExprName(*e)),
                e->span.begin);
  }
  return e;
}

// expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef
ExprPtr Parser::Expression() {
  if (At(TK::kLambda)) return Lambda();
  SourceLoc begin = Begin();
  ExprPtr body = Disjunction();
  if (!body || !At(TK::kIf)) return body;
  Advance();
  auto e = NewExpr(ExprKind::kIfExp, begin);
  e->body = std::move(body);
  e->test = Disjunction();
  if (!e->test) return nullptr;
  if (!Accept(TK::kElse)) return Fail("expected 'else' after 'if' expression", begin);
  Nest nest(this);  // `a if b else c if d else e` nests to the right
  if (!nest.ok) return nullptr;
  e->orelse = Expression();
  if (!e->orelse) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
ExprPtr Parser::YieldExpression() {
  SourceLoc begin = Begin();
  Advance();
  if (Accept(TK::kFrom)) {
    auto e = NewExpr(ExprKind::kYieldFrom, begin);
    e->operand = Expression();
    if (!e->operand) return nullptr;
    Finish(e.get(), begin);
    return e;
  }
  auto e = NewExpr(ExprKind::kYield, begin);
  if (StartsExpression(Cur().kind)) {
    e->operand = StarExpressions();
    if (!e->operand || !CheckNotStarred(*e->operand)) return nullptr;
    Finish(e.get(), begin);
  }
  return e;
}

// lambdef: 'lambda' [lambda_params] ':' expression
ExprPtr Parser::Lambda() {
  Nest nest(this);
  if (!nest.ok) return nullptr;
  SourceLoc begin = Begin();
  Advance();
  auto e = NewExpr(ExprKind::kLambda, begin);
  e->params = Parameters(TK::kColon, /*annotations=*/false);
  if (!e->params || !Expect(TK::kColon)) return nullptr;
  e->operand = Expression();
  if (!e->operand) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// disjunction: conjunction ('or' conjunction)*
ExprPtr Parser::Disjunction() {
  SourceLoc begin = Begin();
  ExprPtr first = Conjunction();
  if (!first || !At(TK::kOr)) return first;
  auto e = NewExpr(ExprKind::kBoolOp, begin);
  e->op = Op::kOr;
  e->elts.push_back(std::move(first));
  while (Accept(TK::kOr)) {
    ExprPtr next = Conjunction();
    if (!next) return nullptr;
    e->elts.push_back(std::move(next));
  }
  Finish(e.get(), begin);
  return e;
}

// conjunction: inversion ('and' inversion)*
ExprPtr Parser::Conjunction() {
  SourceLoc begin = Begin();
  ExprPtr first = Inversion();
  if (!first || !At(TK::kAnd)) return first;
  auto e = NewExpr(ExprKind::kBoolOp, begin);
  e->op = Op::kAnd;
  e->elts.push_back(std::move(first));
  while (Accept(TK::kAnd)) {
    ExprPtr next = Inversion();
    if (!next) return nullptr;
    e->elts.push_back(std::move(next));
  }
  Finish(e.get(), begin);
  return e;
}

// inversion: 'not' inversion | comparison
ExprPtr Parser::Inversion() {
  if (!At(TK::kNot)) return Comparison();
  Nest nest(this);
  if (!nest.ok) return nullptr;
  SourceLoc begin = Begin();
  Advance();
  auto e = NewExpr(ExprKind::kUnaryOp, begin);
  e->op = Op::kNot;
  e->operand = Inversion();
  if (!e->operand) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// comparison: bitwise_or (compare_op bitwise_or)*
// compare_op: '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is'
ExprPtr Parser::Comparison() {
  SourceLoc begin = Begin();
  ExprPtr left = BinaryLevel(0);
  if (!left) return nullptr;
  ExprPtr e;
  for (;;) {
    Op op = Op::kAdd;
    switch (Cur().kind) {
      case TK::kEqEqual: op = Op::kEq; break;
      case TK::kNotEqual: op = Op::kNotEq; break;
      case TK::kLess: op = Op::kLt; break;
      case TK::kLessEqual: op = Op::kLtE; break;
      case TK::kGreater: op = Op::kGt; break;
      case TK::kGreaterEqual: op = Op::kGtE; break;
      case TK::kIn: op = Op::kIn; break;
      case TK::kIs: op = Peek(1).kind == TK::kNot ? Op::kIsNot : Op::kIs; break;
      case TK::kNot:
        if (Peek(1).kind != TK::kIn) return e ? std::move(e) : std::move(left);
        op = Op::kNotIn;
        break;
      default:
        return e ? std::move(e) : std::move(left);
    }
    Advance();
    if (op == Op::kIsNot || op == Op::kNotIn) Advance();
    if (!e) {
      e = NewExpr(ExprKind::kCompare, begin);
      e->left = std::move(left);
    }
    e->ops.push_back(op);
    ExprPtr right = BinaryLevel(0);
    if (!right) return nullptr;
    e->elts.push_back(std::move(right));
    Finish(e.get(), begin);
  }
}

// The left-associative binary levels, loosest first (level 0 to 5):
// bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor
// bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and
// bitwise_and: bitwise_and '&' shift_expr | shift_expr
// shift_expr: shift_expr ('<<' | '>>') sum | sum
// sum: sum ('+' | '-') term | term
// term: term ('*' | '/' | '//' | '%' | '@') factor | factor
// Parsed by precedence climbing: one call handles every level from `min_level` up and
// recurses only for a tighter operator on the right, which keeps the C++ stack shallow.
ExprPtr Parser::BinaryLevel(int min_level) {
  auto op_level = [this](Op* op) {
    switch (Cur().kind) {
      case TK::kVBar: *op = Op::kBitOr; return 0;
      case TK::kCircumflex: *op = Op::kBitXor; return 1;
      case TK::kAmper: *op = Op::kBitAnd; return 2;
      case TK::kLeftShift: *op = Op::kLShift; return 3;
      case TK::kRightShift: *op = Op::kRShift; return 3;
      case TK::kPlus: *op = Op::kAdd; return 4;
      case TK::kMinus: *op = Op::kSub; return 4;
      case TK::kStar: *op = Op::kMul; return 5;
      case TK::kSlash: *op = Op::kDiv; return 5;
      case TK::kDoubleSlash: *op = Op::kFloorDiv; return 5;
      case TK::kPercent: *op = Op::kMod; return 5;
      case TK::kAt: *op = Op::kMatMul; return 5;
      default: return -1;
    }
  };
  constexpr int kTightest = 5;
  SourceLoc begin = Begin();
  ExprPtr left = Factor();
  if (!left) return nullptr;
  Chain chain(this);
  Op op = Op::kAdd;
  for (int level = op_level(&op); level >= min_level; level = op_level(&op)) {
    if (!chain.Deeper()) return nullptr;
    Advance();
    ExprPtr right = level < kTightest ? BinaryLevel(level + 1) : Factor();
    if (!right) return nullptr;
    auto e = NewExpr(ExprKind::kBinOp, begin);
    e->op = op;
    e->left = std::move(left);
    e->right = std::move(right);
    left = std::move(e);
  }
  return left;
}

// factor: '+' factor | '-' factor | '~' factor | power
ExprPtr Parser::Factor() {
  Op op = Op::kAdd;
  switch (Cur().kind) {
    case TK::kPlus: op = Op::kUAdd; break;
    case TK::kMinus: op = Op::kUSub; break;
    case TK::kTilde: op = Op::kInvert; break;
    default: return Power();
  }
  Nest nest(this);
  if (!nest.ok) return nullptr;
  SourceLoc begin = Begin();
  Advance();
  auto e = NewExpr(ExprKind::kUnaryOp, begin);
  e->op = op;
  e->operand = Factor();
  if (!e->operand) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// power: await_primary '**' factor | await_primary
// (Right-associative, and the right operand may carry a sign: 2 ** -1.)
ExprPtr Parser::Power() {
  SourceLoc begin = Begin();
  ExprPtr base = AwaitPrimary();
  if (!base || !At(TK::kDoubleStar)) return base;
  Nest nest(this);
  if (!nest.ok) return nullptr;
  Advance();
  auto e = NewExpr(ExprKind::kBinOp, begin);
  e->op = Op::kPow;
  e->left = std::move(base);
  e->right = Factor();
  if (!e->right) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// await_primary: 'await' primary | primary
ExprPtr Parser::AwaitPrimary() {
  if (!At(TK::kAwait)) return Primary();
  SourceLoc begin = Begin();
  Advance();
  auto e = NewExpr(ExprKind::kAwait, begin);
  e->operand = Primary();
  if (!e->operand) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')'
//        | primary '[' slices ']' | atom
ExprPtr Parser::Primary() {
  SourceLoc begin = Begin();
  ExprPtr e = Atom();
  if (!e) return nullptr;
  Chain chain(this);
  for (;;) {
    if (At(TK::kDot)) {
      if (!chain.Deeper()) return nullptr;
      Advance();
      if (!At(TK::kName)) return SyntaxError();
      auto attr = NewExpr(ExprKind::kAttribute, begin);
      attr->str_value = std::string(Cur().text);
      Advance();
      attr->operand = std::move(e);
      Finish(attr.get(), begin);
      e = std::move(attr);
    } else if (At(TK::kLPar)) {
      if (!chain.Deeper()) return nullptr;
      SourceLoc open = Begin();
      Advance();
      auto call = NewExpr(ExprKind::kCall, begin);
      call->operand = std::move(e);
      if (!CallArguments(call.get(), open, TK::kRPar)) return nullptr;
      Finish(call.get(), begin);
      e = std::move(call);
    } else if (At(TK::kLSqb)) {
      if (!chain.Deeper()) return nullptr;
      Advance();
      auto sub = NewExpr(ExprKind::kSubscript, begin);
      sub->operand = std::move(e);
      sub->index = Slices();
      if (!sub->index || !ExpectCloser(TK::kRSqb, sub->index.get())) return nullptr;
      Finish(sub.get(), begin);
      e = std::move(sub);
    } else {
      return e;
    }
  }
}

// arguments: ','.(starred_expression | (assignment_expression | expression !':=') !'='
//                 | NAME '=' expression | '**' expression)+ [','] ')'
// A lone generator expression may stand without its own parentheses: f(x for x in y); its
// span is then the call's parentheses, as in CPython.
// The cursor is past the opening parenthesis (at `open`); consumes the closing one.
bool Parser::CallArguments(Expr* call, SourceLoc open, TK closer) {
  Expr* bare_generator = nullptr;
  bool seen_keyword = false, seen_double_star = false;
  const Expr* last = nullptr;
  absl::flat_hash_set<std::string> keyword_names;
  while (!At(closer)) {
    SourceLoc begin = Begin();
    if (At(TK::kStar)) {
      if (seen_double_star) {
        Fail("iterable argument unpacking follows keyword argument unpacking", begin);
        return false;
      }
      Advance();
      auto e = NewExpr(ExprKind::kStarred, begin);
      e->operand = Expression();
      if (!e->operand) return false;
      Finish(e.get(), begin);
      last = e.get();
      call->elts.push_back(std::move(e));
    } else if (At(TK::kDoubleStar)) {
      Advance();
      Keyword kw;
      kw.value = Expression();
      if (!kw.value) return false;
      kw.span = {begin, last_end_};
      last = kw.value.get();
      call->keywords.push_back(std::move(kw));
      seen_double_star = true;
    } else if (At(TK::kName) && Peek(1).kind == TK::kEqual) {
      Keyword kw;
      kw.arg = std::string(Cur().text);
      if (!keyword_names.insert(kw.arg).second) {
        Fail(absl::StrCat("keyword argument repeated: ", kw.arg), begin);
        return false;
      }
      Advance();
      Advance();
      kw.value = Expression();
      if (!kw.value) return false;
      kw.span = {begin, last_end_};
      last = kw.value.get();
      call->keywords.push_back(std::move(kw));
      seen_keyword = true;
    } else {
      ExprPtr e = NamedExpression();
      if (!e) return false;
      if (At(TK::kEqual)) {
        Fail("expression cannot contain assignment, perhaps you meant \"==\"?", e->span.begin);
        return false;
      }
      if (At(TK::kFor) || (At(TK::kAsync) && Peek(1).kind == TK::kFor)) {
        auto gen = NewExpr(ExprKind::kGeneratorExp, begin);
        gen->elt = std::move(e);
        if (!Generators(&gen->generators)) return false;
        Finish(gen.get(), begin);
        if (!call->elts.empty() || !call->keywords.empty() || At(TK::kComma)) {
          Fail("Generator expression must be parenthesized", begin);
          return false;
        }
        bare_generator = gen.get();
        e = std::move(gen);
      }
      if (seen_double_star) {
        Fail("positional argument follows keyword argument unpacking", e->span.begin);
        return false;
      }
      if (seen_keyword) {
        Fail("positional argument follows keyword argument", e->span.begin);
        return false;
      }
      last = e.get();
      call->elts.push_back(std::move(e));
    }
    if (!Accept(TK::kComma)) break;
  }
  if (!ExpectCloser(closer, last)) return false;
  if (bare_generator != nullptr) bare_generator->span = {open, last_end_};
  return true;
}

// slices: slice !',' | ','.(slice | starred_expression)+ [',']
ExprPtr Parser::Slices() {
  SourceLoc begin = Begin();
  ExprPtr first = Slice();
  // `a[*b]` is a tuple of one, as if written `a[*b,]`.
  if (!first || (!At(TK::kComma) && first->kind != ExprKind::kStarred)) return first;
  auto tuple = NewExpr(ExprKind::kTuple, begin);
  tuple->elts.push_back(std::move(first));
  while (Accept(TK::kComma) && !At(TK::kRSqb)) {
    ExprPtr elt = Slice();
    if (!elt) return nullptr;
    tuple->elts.push_back(std::move(elt));
  }
  Finish(tuple.get(), begin);
  return tuple;
}

// slice: [expression] ':' [expression] [':' [expression]] | named_expression
//      | starred_expression
ExprPtr Parser::Slice() {
  if (At(TK::kStar)) return StarExpression();
  SourceLoc begin = Begin();
  ExprPtr lower;
  if (!At(TK::kColon)) {
    lower = NamedExpression();
    if (!lower || !At(TK::kColon)) return lower;
  }
  Advance();
  auto e = NewExpr(ExprKind::kSlice, begin);
  e->lower = std::move(lower);
  auto ends = [this]() { return At(TK::kColon) || At(TK::kComma) || At(TK::kRSqb); };
  if (!ends()) {
    e->upper = Expression();
    if (!e->upper) return nullptr;
  }
  if (Accept(TK::kColon) && !ends()) {
    e->step = Expression();
    if (!e->step) return nullptr;
  }
  Finish(e.get(), begin);
  return e;
}

// atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER | (tuple | group | genexp)
//     | (list | listcomp) | (dict | set | dictcomp | setcomp) | '...'
ExprPtr Parser::Atom() {
  SourceLoc begin = Begin();
  const Token& t = Cur();
  ExprPtr e;
  switch (t.kind) {
    case TK::kName:
      e = std::make_unique<Expr>(ExprKind::kName, t.span);
      e->id = std::string(t.text);
      break;
    case TK::kNumber:
      if (t.is_float) {
        e = std::make_unique<Expr>(ExprKind::kFloat, t.span);
        e->float_value = t.float_value;
      } else {
        e = std::make_unique<Expr>(ExprKind::kInt, t.span);
        e->int_value = t.int_value;
        e->big_literal = t.is_big;
      }
      break;
    case TK::kTrue:
    case TK::kFalse:
      e = std::make_unique<Expr>(ExprKind::kBool, t.span);
      e->bool_value = t.kind == TK::kTrue;
      break;
    case TK::kNone: e = std::make_unique<Expr>(ExprKind::kNone, t.span); break;
    case TK::kEllipsis: e = std::make_unique<Expr>(ExprKind::kEllipsis, t.span); break;
    case TK::kString:
    case TK::kFStringStart:
      return Strings();
    case TK::kLPar: return ParenAtom();
    case TK::kLSqb: return ListAtom();
    case TK::kLBrace: return BraceAtom();
    default:
      return Fail(kInvalidSyntax, begin);
  }
  Advance();
  return e;
}

// tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'
// group: '(' (yield_expr | named_expression) ')'
// genexp: '(' named_expression for_if_clauses ')'
ExprPtr Parser::ParenAtom() {
  Nest nest(this);
  if (!nest.ok) return nullptr;
  SourceLoc begin = Begin();
  Advance();
  if (Accept(TK::kRPar)) {
    auto e = NewExpr(ExprKind::kTuple, begin);
    e->parenthesized = true;
    return e;
  }
  if (At(TK::kYield)) {
    ExprPtr e = YieldExpression();
    if (!e || !Expect(TK::kRPar)) return nullptr;
    e->parenthesized = true;
    return e;
  }
  ExprPtr first = StarNamedExpression();
  if (!first) return nullptr;
  if (At(TK::kFor) || (At(TK::kAsync) && Peek(1).kind == TK::kFor)) {
    if (first->kind == ExprKind::kStarred) {
      return Fail("iterable unpacking cannot be used in comprehension", first->span.begin);
    }
    auto e = NewExpr(ExprKind::kGeneratorExp, begin);
    e->elt = std::move(first);
    if (!Generators(&e->generators) || !ExpectCloser(TK::kRPar, nullptr)) return nullptr;
    Finish(e.get(), begin);
    e->parenthesized = true;
    return e;
  }
  if (At(TK::kComma)) {
    auto e = NewExpr(ExprKind::kTuple, begin);
    e->elts.push_back(std::move(first));
    while (Accept(TK::kComma) && !At(TK::kRPar)) {
      ExprPtr elt = StarNamedExpression();
      if (!elt) return nullptr;
      e->elts.push_back(std::move(elt));
    }
    if (!ExpectCloser(TK::kRPar, e->elts.back().get())) return nullptr;
    Finish(e.get(), begin);
    e->parenthesized = true;
    return e;
  }
  if (!ExpectCloser(TK::kRPar, first.get())) return nullptr;
  if (first->kind == ExprKind::kStarred) {
    return Fail("cannot use starred expression here", first->span.begin);
  }
  first->parenthesized = true;
  return first;
}

// list: '[' [star_named_expressions] ']'
// listcomp: '[' named_expression for_if_clauses ']'
ExprPtr Parser::ListAtom() {
  Nest nest(this);
  if (!nest.ok) return nullptr;
  SourceLoc begin = Begin();
  Advance();
  auto e = NewExpr(ExprKind::kList, begin);
  if (Accept(TK::kRSqb)) {
    Finish(e.get(), begin);
    return e;
  }
  ExprPtr first = StarNamedExpression();
  if (!first) return nullptr;
  if (At(TK::kFor) || (At(TK::kAsync) && Peek(1).kind == TK::kFor)) {
    if (first->kind == ExprKind::kStarred) {
      return Fail("iterable unpacking cannot be used in comprehension", first->span.begin);
    }
    e->kind = ExprKind::kListComp;
    e->elt = std::move(first);
    if (!Generators(&e->generators) || !ExpectCloser(TK::kRSqb, nullptr)) return nullptr;
    Finish(e.get(), begin);
    return e;
  }
  e->elts.push_back(std::move(first));
  while (Accept(TK::kComma) && !At(TK::kRSqb)) {
    ExprPtr elt = StarNamedExpression();
    if (!elt) return nullptr;
    e->elts.push_back(std::move(elt));
  }
  if (!ExpectCloser(TK::kRSqb, e->elts.back().get())) return nullptr;
  Finish(e.get(), begin);
  return e;
}

// dict: '{' [','.('**' bitwise_or | expression ':' expression)+ [',']] '}'
// set: '{' star_named_expressions '}'
// dictcomp: '{' expression ':' expression for_if_clauses '}'
// setcomp: '{' named_expression for_if_clauses '}'
ExprPtr Parser::BraceAtom() {
  Nest nest(this);
  if (!nest.ok) return nullptr;
  SourceLoc begin = Begin();
  Advance();
  auto e = NewExpr(ExprKind::kDict, begin);
  if (Accept(TK::kRBrace)) {
    Finish(e.get(), begin);
    return e;
  }
  auto is_for = [this]() {
    return At(TK::kFor) || (At(TK::kAsync) && Peek(1).kind == TK::kFor);
  };
  // The first item decides between a dict and a set.
  bool is_dict;
  if (At(TK::kDoubleStar)) {
    is_dict = true;
  } else {
    ExprPtr first = StarNamedExpression();
    if (!first) return nullptr;
    if (Accept(TK::kColon)) {
      is_dict = true;
      ExprPtr value = Expression();
      if (!value) return nullptr;
      if (is_for()) {
        e->kind = ExprKind::kDictComp;
        e->elt = std::move(first);
        e->value = std::move(value);
        if (!Generators(&e->generators) || !ExpectCloser(TK::kRBrace, nullptr)) return nullptr;
        Finish(e.get(), begin);
        return e;
      }
      e->keys.push_back(std::move(first));
      e->elts.push_back(std::move(value));
      if (!Accept(TK::kComma)) {
        if (!ExpectCloser(TK::kRBrace, e->elts.back().get())) return nullptr;
        Finish(e.get(), begin);
        return e;
      }
    } else {
      is_dict = false;
      e->kind = ExprKind::kSet;
      if (is_for()) {
        if (first->kind == ExprKind::kStarred) {
          return Fail("iterable unpacking cannot be used in comprehension", first->span.begin);
        }
        e->kind = ExprKind::kSetComp;
        e->elt = std::move(first);
        if (!Generators(&e->generators) || !ExpectCloser(TK::kRBrace, nullptr)) return nullptr;
        Finish(e.get(), begin);
        return e;
      }
      e->elts.push_back(std::move(first));
      if (!Accept(TK::kComma)) {
        if (!ExpectCloser(TK::kRBrace, e->elts.back().get())) return nullptr;
        Finish(e.get(), begin);
        return e;
      }
    }
  }
  while (!At(TK::kRBrace)) {
    if (is_dict) {
      if (At(TK::kDoubleStar)) {
        SourceLoc star = Begin();
        Advance();
        ExprPtr mapping = BinaryLevel(0);
        if (!mapping) return nullptr;
        if (is_for()) return Fail("dict unpacking cannot be used in dict comprehension", star);
        e->keys.push_back(nullptr);
        e->elts.push_back(std::move(mapping));
      } else {
        ExprPtr key = Expression();
        if (!key) return nullptr;
        if (!Accept(TK::kColon)) {
          if (At(TK::kComma) || At(TK::kRBrace)) {
            return Fail("':' expected after dictionary key", key->span.begin);
          }
          ExpectCloser(TK::kRBrace, key.get());
          return nullptr;
        }
        ExprPtr value = Expression();
        if (!value) return nullptr;
        e->keys.push_back(std::move(key));
        e->elts.push_back(std::move(value));
      }
    } else {
      ExprPtr elt = StarNamedExpression();
      if (!elt) return nullptr;
      e->elts.push_back(std::move(elt));
    }
    if (!Accept(TK::kComma)) break;
  }
  if (!ExpectCloser(TK::kRBrace, e->elts.empty() ? nullptr : e->elts.back().get())) {
    return nullptr;
  }
  Finish(e.get(), begin);
  return e;
}

// star_targets (for `for` loops and comprehensions): ','.('*' bitwise_or | bitwise_or)+ [',']
// Parsed at the bitwise_or level so `in` ends the targets, then checked as targets.
ExprPtr Parser::StarTargets() {
  SourceLoc begin = Begin();
  auto one = [this]() -> ExprPtr {
    if (!At(TK::kStar)) return BinaryLevel(0);
    SourceLoc star = Begin();
    Advance();
    ExprPtr operand = BinaryLevel(0);
    if (!operand) return nullptr;
    auto e = NewExpr(ExprKind::kStarred, star);
    e->operand = std::move(operand);
    return e;
  };
  ExprPtr first = one();
  if (!first || !At(TK::kComma)) return first;
  auto tuple = NewExpr(ExprKind::kTuple, begin);
  tuple->elts.push_back(std::move(first));
  while (Accept(TK::kComma) && !At(TK::kIn)) {
    ExprPtr elt = one();
    if (!elt) return nullptr;
    tuple->elts.push_back(std::move(elt));
  }
  Finish(tuple.get(), begin);
  return tuple;
}

// for_if_clauses: (['async'] 'for' star_targets 'in' disjunction ('if' disjunction)*)+
bool Parser::Generators(std::vector<Comprehension>* out) {
  while (At(TK::kFor) || (At(TK::kAsync) && Peek(1).kind == TK::kFor)) {
    Comprehension comp;
    comp.is_async = Accept(TK::kAsync);
    Advance();  // for
    comp.target = StarTargets();
    if (!comp.target || !CheckTarget(*comp.target, TargetContext::kAssign)) return false;
    if (!Expect(TK::kIn)) return false;
    comp.iter = Disjunction();
    if (!comp.iter) return false;
    while (Accept(TK::kIf)) {
      ExprPtr cond = Disjunction();
      if (!cond) return false;
      comp.ifs.push_back(std::move(cond));
    }
    out->push_back(std::move(comp));
  }
  return true;
}

// strings: (STRING | fstring)+   (adjacent literals are joined)
ExprPtr Parser::Strings() {
  SourceLoc begin = Begin();
  bool any_fstring = false, any_bytes = false, any_text = false;
  std::vector<ExprPtr> parts;
  std::string joined;
  while (At(TK::kString) || At(TK::kFStringStart)) {
    if (At(TK::kString)) {
      (Cur().is_bytes ? any_bytes : any_text) = true;
      joined += Cur().value;
      AddLiteral(&parts, Cur().value, Cur().span);
      Advance();
    } else {
      any_fstring = true;
      Nest nest(this);
      if (!nest.ok) return nullptr;
      Advance();
      if (!FStringParts(&parts, TK::kFStringEnd)) return nullptr;
      Advance();  // FSTRING_END
    }
  }
  if (any_bytes && (any_text || any_fstring)) {
    return Fail("cannot mix bytes and nonbytes literals", begin);
  }
  if (!any_fstring) {
    auto e = NewExpr(ExprKind::kStr, begin);
    e->str_value = std::move(joined);
    e->is_bytes = any_bytes;
    return e;
  }
  auto e = NewExpr(ExprKind::kFString, begin);
  e->elts = std::move(parts);
  return e;
}

// Appends a literal piece to f-string parts, merged with a literal piece before it.
void Parser::AddLiteral(std::vector<ExprPtr>* parts, std::string_view text, SourceSpan span) {
  if (text.empty()) return;
  if (!parts->empty() && parts->back()->kind == ExprKind::kStr) {
    parts->back()->str_value += text;
    parts->back()->span.end = span.end;
    return;
  }
  auto piece = std::make_unique<Expr>(ExprKind::kStr, span);
  piece->str_value = std::string(text);
  parts->push_back(std::move(piece));
}

// fstring: FSTRING_START (FSTRING_MIDDLE | fstring_replacement_field)* FSTRING_END
// fstring_format_spec: (FSTRING_MIDDLE | fstring_replacement_field)*   (up to the '}')
bool Parser::FStringParts(std::vector<ExprPtr>* parts, TK end) {
  for (;;) {
    if (At(TK::kFStringMiddle)) {
      AddLiteral(parts, Cur().value, Cur().span);
      Advance();
    } else if (At(TK::kLBrace)) {
      if (!ReplacementField(parts)) return false;
    } else if (At(end)) {
      return true;
    } else {
      SyntaxError();
      return false;
    }
  }
}

// fstring_replacement_field:
//     '{' (yield_expr | star_expressions) ['='] ['!' NAME] [':' fstring_format_spec] '}'
bool Parser::ReplacementField(std::vector<ExprPtr>* parts) {
  Nest nest(this);
  if (!nest.ok) return false;
  const Token& lbrace = Cur();
  SourceLoc begin = lbrace.span.begin;
  SourceLoc expr_begin = lbrace.span.end;
  Advance();
  if (At(TK::kRBrace) || At(TK::kExclamation) || At(TK::kColon) || At(TK::kEqual)) {
    Fail(absl::StrFormat("f-string: valid expression required before '%s'", Cur().text),
         Begin());
    return false;
  }
  auto field = std::make_unique<Expr>(ExprKind::kFormatted, lbrace.span);
  field->operand = YieldOrStarExpressions();
  if (!field->operand) return false;
  bool debug = false;
  if (At(TK::kEqual)) {
    // {x=}: the text of the expression, `=` and the spaces around it come first.
    Advance();
    debug = true;
    SourceSpan text_span{expr_begin, Cur().span.begin};
    absl::string_view text = source_.Slice(text_span);
    AddLiteral(parts, std::string_view(text.data(), text.size()), text_span);
  }
  if (At(TK::kExclamation)) {
    SourceLoc bang_end = Cur().span.end;
    Advance();
    if (!At(TK::kName)) {
      Fail("f-string: missing conversion character", Begin());
      return false;
    }
    if (Begin().line != bang_end.line || Begin().column != bang_end.column) {
      Fail("f-string: conversion type must come right after the exclamation mark", Begin());
      return false;
    }
    std::string_view conv = Cur().text;
    if (conv != "s" && conv != "r" && conv != "a") {
      Fail(absl::StrFormat("f-string: invalid conversion character '%s': expected 's', 'r', "
                           "or 'a'",
                           conv),
           Begin());
      return false;
    }
    field->conversion = conv[0];
    Advance();
  }
  if (At(TK::kColon)) {
    Advance();
    SourceLoc spec_begin = Begin();
    auto spec = NewExpr(ExprKind::kFString, spec_begin);
    if (!FStringParts(&spec->elts, TK::kRBrace)) return false;
    spec->span = {spec_begin, spec->elts.empty() ? spec_begin : last_end_};
    field->format_spec = std::move(spec);
  }
  if (!At(TK::kRBrace)) {
    Fail("f-string: expecting '}'", Begin());
    return false;
  }
  Advance();
  if (debug && field->conversion == 0 && !field->format_spec) field->conversion = 'r';
  Finish(field.get(), begin);
  parts->push_back(std::move(field));
  return true;
}

}  // namespace

ParseResult Parse(const SourceFile& source) {
  std::vector<Token> tokens = Tokenize(source);
  if (tokens.size() == 1 && tokens[0].kind == TokenKind::kError) {
    // The file failed before its first token (too large, not UTF-8, a NUL byte, or a bad
    // first character): there is nothing to parse.
    ParseResult result;
    const Token& t = tokens[0];
    result.errors.push_back(
        {t.value, source.path(), t.span.begin.line, t.span.begin.column});
    return result;
  }
  return Parser(source, std::move(tokens)).Run();
}

}  // namespace lockcheck
