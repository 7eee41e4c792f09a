#include "scenarios/lang/parser.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "scenarios/lang/ast.h"

namespace lockcheck {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Op;
using ast::Stmt;
using ast::StmtKind;

// --- An S-expression printer, so a test states a whole tree in one line. ---

const char* SxOp(Op op) {
  switch (op) {
    case Op::kAdd: return "add";
    case Op::kSub: return "sub";
    case Op::kMul: return "mul";
    case Op::kDiv: return "div";
    case Op::kFloorDiv: return "floordiv";
    case Op::kMod: return "mod";
    case Op::kPow: return "pow";
    case Op::kMatMul: return "matmul";
    case Op::kLShift: return "lshift";
    case Op::kRShift: return "rshift";
    case Op::kBitAnd: return "bitand";
    case Op::kBitOr: return "bitor";
    case Op::kBitXor: return "bitxor";
    case Op::kNot: return "not";
    case Op::kUSub: return "neg";
    case Op::kUAdd: return "pos";
    case Op::kInvert: return "invert";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kEq: return "==";
    case Op::kNotEq: return "!=";
    case Op::kLt: return "<";
    case Op::kLtE: return "<=";
    case Op::kGt: return ">";
    case Op::kGtE: return ">=";
    case Op::kIs: return "is";
    case Op::kIsNot: return "is-not";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not-in";
  }
  return "?";
}

std::string Sx(const Expr* e);

std::string List(const std::vector<ast::ExprPtr>& v) {
  std::string out;
  for (const auto& x : v) absl::StrAppend(&out, " ", Sx(x.get()));
  return out;
}

std::string Generators(const std::vector<ast::Comprehension>& gens) {
  std::string out;
  for (const auto& g : gens) {
    absl::StrAppend(&out, g.is_async ? " (async-for " : " (for ", Sx(g.target.get()), " ",
                    Sx(g.iter.get()));
    for (const auto& c : g.ifs) absl::StrAppend(&out, " (if ", Sx(c.get()), ")");
    out += ")";
  }
  return out;
}

std::string ParamText(const ast::Param& p, const char* prefix) {
  std::string out = absl::StrCat(prefix, p.name);
  if (p.annotation) absl::StrAppend(&out, ":", Sx(p.annotation.get()));
  if (p.default_value) absl::StrAppend(&out, "=", Sx(p.default_value.get()));
  return out;
}

std::string ParamsText(const ast::Params& ps) {
  std::vector<std::string> words;
  for (const auto& p : ps.posonly) words.push_back(ParamText(p, ""));
  if (!ps.posonly.empty()) words.push_back("/");
  for (const auto& p : ps.args) words.push_back(ParamText(p, ""));
  if (ps.vararg) words.push_back(ParamText(*ps.vararg, "*"));
  if (ps.bare_star) words.push_back("*");
  for (const auto& p : ps.kwonly) words.push_back(ParamText(p, ""));
  if (ps.kwarg) words.push_back(ParamText(*ps.kwarg, "**"));
  return absl::StrCat("(", absl::StrJoin(words, " "), ")");
}

std::string KeywordText(const ast::Keyword& k) {
  return k.arg.empty() ? absl::StrCat("**", Sx(k.value.get()))
                       : absl::StrCat(k.arg, "=", Sx(k.value.get()));
}

std::string Sx(const Expr* e) {
  if (e == nullptr) return "_";
  switch (e->kind) {
    case ExprKind::kName: return e->id;
    case ExprKind::kInt: return e->big_literal ? "BIG" : absl::StrCat(e->int_value);
    case ExprKind::kFloat: return absl::StrFormat("%g", e->float_value);
    case ExprKind::kStr: return absl::StrCat(e->is_bytes ? "b'" : "'", e->str_value, "'");
    case ExprKind::kBool: return e->bool_value ? "True" : "False";
    case ExprKind::kNone: return "None";
    case ExprKind::kEllipsis: return "...";
    case ExprKind::kFString: return absl::StrCat("(f", List(e->elts), ")");
    case ExprKind::kFormatted:
      return absl::StrCat("(fmt ", Sx(e->operand.get()),
                          e->conversion ? absl::StrCat(" !", std::string(1, e->conversion)) : "",
                          e->format_spec ? absl::StrCat(" ", Sx(e->format_spec.get())) : "",
                          ")");
    case ExprKind::kTuple: return absl::StrCat("(tuple", List(e->elts), ")");
    case ExprKind::kList: return absl::StrCat("(list", List(e->elts), ")");
    case ExprKind::kSet: return absl::StrCat("(set", List(e->elts), ")");
    case ExprKind::kDict: {
      std::string out = "(dict";
      for (size_t i = 0; i < e->elts.size(); ++i) {
        if (e->keys[i]) {
          absl::StrAppend(&out, " (", Sx(e->keys[i].get()), " ", Sx(e->elts[i].get()), ")");
        } else {
          absl::StrAppend(&out, " (** ", Sx(e->elts[i].get()), ")");
        }
      }
      return out + ")";
    }
    case ExprKind::kListComp:
      return absl::StrCat("(listcomp ", Sx(e->elt.get()), Generators(e->generators), ")");
    case ExprKind::kSetComp:
      return absl::StrCat("(setcomp ", Sx(e->elt.get()), Generators(e->generators), ")");
    case ExprKind::kGeneratorExp:
      return absl::StrCat("(genexp ", Sx(e->elt.get()), Generators(e->generators), ")");
    case ExprKind::kDictComp:
      return absl::StrCat("(dictcomp ", Sx(e->elt.get()), " ", Sx(e->value.get()),
                          Generators(e->generators), ")");
    case ExprKind::kAttribute:
      return absl::StrCat("(. ", Sx(e->operand.get()), " ", e->str_value, ")");
    case ExprKind::kSubscript:
      return absl::StrCat("([] ", Sx(e->operand.get()), " ", Sx(e->index.get()), ")");
    case ExprKind::kSlice:
      return absl::StrCat("(slice ", Sx(e->lower.get()), " ", Sx(e->upper.get()), " ",
                          Sx(e->step.get()), ")");
    case ExprKind::kCall: {
      std::string out = absl::StrCat("(call ", Sx(e->func()), List(e->elts));
      for (const auto& k : e->keywords) absl::StrAppend(&out, " ", KeywordText(k));
      return out + ")";
    }
    case ExprKind::kBinOp:
      return absl::StrCat("(", SxOp(e->op), " ", Sx(e->left.get()), " ", Sx(e->right.get()),
                          ")");
    case ExprKind::kUnaryOp:
      return absl::StrCat("(", SxOp(e->op), " ", Sx(e->operand.get()), ")");
    case ExprKind::kBoolOp: return absl::StrCat("(", SxOp(e->op), List(e->elts), ")");
    case ExprKind::kCompare: {
      std::string out = absl::StrCat("(cmp ", Sx(e->left.get()));
      for (size_t i = 0; i < e->ops.size(); ++i) {
        absl::StrAppend(&out, " ", SxOp(e->ops[i]), " ", Sx(e->elts[i].get()));
      }
      return out + ")";
    }
    case ExprKind::kIfExp:
      return absl::StrCat("(if ", Sx(e->test.get()), " ", Sx(e->body.get()), " ",
                          Sx(e->orelse.get()), ")");
    case ExprKind::kLambda:
      return absl::StrCat("(lambda ", ParamsText(*e->params), " ", Sx(e->operand.get()), ")");
    case ExprKind::kStarred: return absl::StrCat("(* ", Sx(e->operand.get()), ")");
    case ExprKind::kNamedExpr:
      return absl::StrCat("(:= ", Sx(e->left.get()), " ", Sx(e->right.get()), ")");
    case ExprKind::kAwait: return absl::StrCat("(await ", Sx(e->operand.get()), ")");
    case ExprKind::kYield:
      return e->operand ? absl::StrCat("(yield ", Sx(e->operand.get()), ")") : "(yield)";
    case ExprKind::kYieldFrom: return absl::StrCat("(yield-from ", Sx(e->operand.get()), ")");
  }
  return "?";
}

std::string Sx(const Stmt* s);

std::string Block(const ast::Body& body) {
  std::vector<std::string> words;
  for (const auto& s : body) words.push_back(Sx(s.get()));
  return absl::StrCat("(", absl::StrJoin(words, " "), ")");
}

std::string Decorators(const std::vector<ast::ExprPtr>& decorators) {
  std::string out;
  for (const auto& d : decorators) absl::StrAppend(&out, " @", Sx(d.get()));
  return out;
}

std::string Sx(const Stmt* s) {
  switch (s->kind) {
    case StmtKind::kExpr: return Sx(s->value.get());
    case StmtKind::kAssign:
      return absl::StrCat("(=", List(s->targets), " ", Sx(s->value.get()), ")");
    case StmtKind::kAugAssign:
      return absl::StrCat("(", SxOp(s->op), "= ", Sx(s->target.get()), " ",
                          Sx(s->value.get()), ")");
    case StmtKind::kAnnAssign:
      return absl::StrCat("(ann ", Sx(s->target.get()), " ", Sx(s->annotation.get()), " ",
                          Sx(s->value.get()), ")");
    case StmtKind::kPass: return "pass";
    case StmtKind::kBreak: return "break";
    case StmtKind::kContinue: return "continue";
    case StmtKind::kReturn:
      return s->value ? absl::StrCat("(return ", Sx(s->value.get()), ")") : "(return)";
    case StmtKind::kIf:
      return absl::StrCat("(if ", Sx(s->test.get()), " ", Block(s->body), " ", Block(s->orelse),
                          ")");
    case StmtKind::kWhile:
      return absl::StrCat("(while ", Sx(s->test.get()), " ", Block(s->body), " ",
                          Block(s->orelse), ")");
    case StmtKind::kFor:
      return absl::StrCat(s->is_async ? "(async-for " : "(for ", Sx(s->target.get()), " ",
                          Sx(s->iter.get()), " ", Block(s->body), " ", Block(s->orelse), ")");
    case StmtKind::kWith: {
      std::string out = s->is_async ? "(async-with" : "(with";
      for (const auto& item : s->items) {
        absl::StrAppend(&out, " (", Sx(item.context.get()),
                        item.target ? absl::StrCat(" as ", Sx(item.target.get())) : "", ")");
      }
      return absl::StrCat(out, " ", Block(s->body), ")");
    }
    case StmtKind::kAssert:
      return absl::StrCat("(assert ", Sx(s->test.get()), " ", Sx(s->msg.get()), ")");
    case StmtKind::kGlobal: return absl::StrCat("(global ", absl::StrJoin(s->names, " "), ")");
    case StmtKind::kNonlocal:
      return absl::StrCat("(nonlocal ", absl::StrJoin(s->names, " "), ")");
    case StmtKind::kFunctionDef:
      return absl::StrCat(s->is_async ? "(async-def " : "(def ", s->name, " ",
                          ParamsText(*s->params),
                          s->returns ? absl::StrCat(" -> ", Sx(s->returns.get())) : "",
                          Decorators(s->decorators), " ", Block(s->body), ")");
    case StmtKind::kClassDef: {
      std::string out = absl::StrCat("(class ", s->name, " (", absl::StrJoin(
          s->bases, " ", [](std::string* o, const ast::ExprPtr& b) { o->append(Sx(b.get())); }));
      for (const auto& k : s->keywords) absl::StrAppend(&out, " ", KeywordText(k));
      return absl::StrCat(out, ")", Decorators(s->decorators), " ", Block(s->body), ")");
    }
    case StmtKind::kTry: {
      std::string out = absl::StrCat(s->is_star ? "(try* " : "(try ", Block(s->body));
      for (const auto& h : s->handlers) {
        absl::StrAppend(&out, " (except ", Sx(h.type.get()),
                        h.name.empty() ? "" : absl::StrCat(" as ", h.name), " ", Block(h.body),
                        ")");
      }
      if (!s->orelse.empty()) absl::StrAppend(&out, " (else ", Block(s->orelse), ")");
      if (!s->finalbody.empty()) absl::StrAppend(&out, " (finally ", Block(s->finalbody), ")");
      return out + ")";
    }
    case StmtKind::kRaise:
      return absl::StrCat("(raise ", Sx(s->exc.get()),
                          s->cause ? absl::StrCat(" from ", Sx(s->cause.get())) : "", ")");
    case StmtKind::kImport:
    case StmtKind::kImportFrom: {
      std::vector<std::string> names;
      for (const auto& a : s->aliases) {
        names.push_back(a.asname.empty() ? a.name : absl::StrCat(a.name, " as ", a.asname));
      }
      if (s->kind == StmtKind::kImport) {
        return absl::StrCat("(import ", absl::StrJoin(names, ", "), ")");
      }
      return absl::StrCat("(from ", std::string(s->level, '.'), s->module, " import ",
                          absl::StrJoin(names, ", "), ")");
    }
    case StmtKind::kDelete: return absl::StrCat("(del", List(s->targets), ")");
    case StmtKind::kMatch: return absl::StrCat("(match ", Sx(s->value.get()), ")");
    case StmtKind::kTypeAlias:
      return absl::StrCat("(type ", Sx(s->target.get()), " ", Sx(s->value.get()), ")");
  }
  return "?";
}

// --- Helpers ---

// The module as S-expressions, one per statement, or the first error as "line:col: message".
std::string P(std::string text) {
  SourceFile source("t.py", std::move(text));
  ParseResult r = Parse(source);
  if (!r.errors.empty()) {
    EXPECT_EQ(r.module, nullptr);
    const Diagnostic& d = r.errors[0];
    return absl::StrFormat("%d:%d: %s", d.line, d.column, d.message);
  }
  EXPECT_NE(r.module, nullptr);
  std::vector<std::string> words;
  for (const auto& s : r.module->body) words.push_back(Sx(s.get()));
  return absl::StrJoin(words, " ");
}

// The full rendered diagnostic, for golden texts.
std::string Render(std::string text) {
  SourceFile source("scenario.py", std::move(text));
  ParseResult r = Parse(source);
  if (r.errors.empty()) return "no error";
  return RenderDiagnostic(r.errors[0], &source);
}

// Parses and keeps the source alive, for span tests.
struct Parsed {
  explicit Parsed(std::string text) : source("t.py", std::move(text)), result(Parse(source)) {}
  const Stmt& stmt(size_t i) const { return *result.module->body.at(i); }
  std::string Text(SourceSpan span) const { return std::string(source.Slice(span)); }
  SourceFile source;
  ParseResult result;
};

std::string SpanText(SourceSpan s) {
  return absl::StrFormat("%d:%d-%d:%d", s.begin.line, s.begin.column, s.end.line, s.end.column);
}

// --- Precedence ---

TEST(ParserPrecedenceTest, PythonTable) {
  EXPECT_EQ(P("-2**2"), "(neg (pow 2 2))");
  EXPECT_EQ(P("2**-1"), "(pow 2 (neg 1))");
  EXPECT_EQ(P("2**3**2"), "(pow 2 (pow 3 2))");
  EXPECT_EQ(P("a if b else c or d"), "(if b a (or c d))");
  EXPECT_EQ(P("a if b else c if d else e"), "(if b a (if d c e))");
  EXPECT_EQ(P("not a == b"), "(not (cmp a == b))");
  EXPECT_EQ(P("not a and not b"), "(and (not a) (not b))");
  EXPECT_EQ(P("a or b and c or d"), "(or a (and b c) d)");
  EXPECT_EQ(P("a < b < c"), "(cmp a < b < c)");
  EXPECT_EQ(P("a not in b is not c in d is e != f"),
            "(cmp a not-in b is-not c in d is e != f)");
  EXPECT_EQ(P("a == b | c"), "(cmp a == (bitor b c))");
  EXPECT_EQ(P("a | b ^ c & d"), "(bitor a (bitxor b (bitand c d)))");
  EXPECT_EQ(P("a & b << c"), "(bitand a (lshift b c))");
  EXPECT_EQ(P("a >> b + c"), "(rshift a (add b c))");
  EXPECT_EQ(P("a + b * c"), "(add a (mul b c))");
  EXPECT_EQ(P("a - b - c"), "(sub (sub a b) c)");
  EXPECT_EQ(P("a @ b // c % d / e"), "(div (mod (floordiv (matmul a b) c) d) e)");
  EXPECT_EQ(P("-a * b"), "(mul (neg a) b)");
  EXPECT_EQ(P("~-+a"), "(invert (neg (pos a)))");
  EXPECT_EQ(P("-a.b(c)[d]"), "(neg ([] (call (. a b) c) d))");
  EXPECT_EQ(P("await a ** b"), "(pow (await a) b)");
  EXPECT_EQ(P("-await a"), "(neg (await a))");
  EXPECT_EQ(P("lambda: a if b else c"), "(lambda () (if b a c))");
  EXPECT_EQ(P("lambda x: lambda: x"), "(lambda (x) (lambda () x))");
  EXPECT_EQ(P("(a, b)"), "(tuple a b)");
  EXPECT_EQ(P("(a + b) * c"), "(mul (add a b) c)");
  EXPECT_EQ(P("a, b"), "(tuple a b)");
  EXPECT_EQ(P("x = 1,"), "(= x (tuple 1))");
  EXPECT_EQ(P("x = (yield)"), "(= x (yield))");
  EXPECT_EQ(P("(x := 1 + 2)"), "(:= x (add 1 2))");
}

TEST(ParserExpressionTest, Atoms) {
  EXPECT_EQ(P("None, True, False, ..., 1.5, 'a', b'b'"),
            "(tuple None True False ... 1.5 'a' b'b')");
  EXPECT_EQ(P("()"), "(tuple)");
  EXPECT_EQ(P("[]"), "(list)");
  EXPECT_EQ(P("{}"), "(dict)");
  EXPECT_EQ(P("[1, *a, 2,]"), "(list 1 (* a) 2)");
  EXPECT_EQ(P("{1, *a}"), "(set 1 (* a))");
  EXPECT_EQ(P("{'a': 1, **m, 'b': 2}"), "(dict ('a' 1) (** m) ('b' 2))");
  EXPECT_EQ(P("9223372036854775807, 9223372036854775808"), "(tuple 9223372036854775807 BIG)");
}

TEST(ParserExpressionTest, Comprehensions) {
  EXPECT_EQ(P("[x for x in y]"), "(listcomp x (for x y))");
  EXPECT_EQ(P("{x for x in y if x if not z}"), "(setcomp x (for x y (if x) (if (not z))))");
  EXPECT_EQ(P("{k: v for k, v in items for z in k}"),
            "(dictcomp k v (for (tuple k v) items) (for z k))");
  EXPECT_EQ(P("(a for a in b)"), "(genexp a (for a b))");
  EXPECT_EQ(P("f(a for a in b)"), "(call f (genexp a (for a b)))");
  EXPECT_EQ(P("[x async for x in y]"), "(listcomp x (async-for x y))");
  EXPECT_EQ(P("[y for x in a if b for y in x]"), "(listcomp y (for x a (if b)) (for y x))");
}

TEST(ParserExpressionTest, CallsSubscriptsSlices) {
  EXPECT_EQ(P("f(a, *b, c=1, *d, **e)"), "(call f a (* b) (* d) c=1 **e)");
  EXPECT_EQ(P("f(x := 1)"), "(call f (:= x 1))");
  EXPECT_EQ(P("a[1:2:3]"), "([] a (slice 1 2 3))");
  EXPECT_EQ(P("a[:]"), "([] a (slice _ _ _))");
  EXPECT_EQ(P("a[::2]"), "([] a (slice _ _ 2))");
  EXPECT_EQ(P("a[1:2, 3]"), "([] a (tuple (slice 1 2 _) 3))");
  EXPECT_EQ(P("a[b, c]"), "([] a (tuple b c))");
  EXPECT_EQ(P("a[b,]"), "([] a (tuple b))");
  EXPECT_EQ(P("a[*b]"), "([] a (tuple (* b)))");
  EXPECT_EQ(P("a.b.c(d)(e)"), "(call (call (. (. a b) c) d) e)");
}

TEST(ParserExpressionTest, Lambdas) {
  EXPECT_EQ(P("lambda a, b=1, /, c=2, *args, d, e=3, **kw: a"),
            "(lambda (a b=1 / c=2 *args d e=3 **kw) a)");
  EXPECT_EQ(P("lambda *, k: k"), "(lambda (* k) k)");
}

TEST(ParserExpressionTest, StringsConcatenate) {
  EXPECT_EQ(P("'a' \"b\" '''c'''"), "'abc'");
  EXPECT_EQ(P("b'a' b'b'"), "b'ab'");
  EXPECT_EQ(P("('a'\n 'b')"), "'ab'");
  EXPECT_EQ(P("'a' b'b'"), "1:1: cannot mix bytes and nonbytes literals");
  EXPECT_EQ(P("f'x' b'b'"), "1:1: cannot mix bytes and nonbytes literals");
}

TEST(ParserExpressionTest, FStrings) {
  EXPECT_EQ(P("f'a{b!r:>{w}}c{{'"), "(f 'a' (fmt b !r (f '>' (fmt w))) 'c{')");
  EXPECT_EQ(P("f''"), "(f)");
  EXPECT_EQ(P("f'{a}{b}'"), "(f (fmt a) (fmt b))");
  EXPECT_EQ(P("f'{a + b:08.3f}'"), "(f (fmt (add a b) (f '08.3f')))");
  EXPECT_EQ(P("f'{x=}'"), "(f 'x=' (fmt x !r))");
  EXPECT_EQ(P("f'{x = :>4}'"), "(f 'x = ' (fmt x (f '>4')))");
  EXPECT_EQ(P("f'{d[\"k\"]!s}'"), "(f (fmt ([] d 'k') !s))");
  EXPECT_EQ(P("f'{f\"{x}\"}'"), "(f (fmt (f (fmt x))))");
  EXPECT_EQ(P("f'{a, b}'"), "(f (fmt (tuple a b)))");
  // Mixed concatenation: plain literals merge with the f-string's literal pieces.
  EXPECT_EQ(P("'a' f'b{c}d' 'e' f'{g}'"), "(f 'ab' (fmt c) 'de' (fmt g))");
  EXPECT_EQ(P("f'{}'"), "1:4: f-string: valid expression required before '}'");
  EXPECT_EQ(P("f'{x!z}'"),
            "1:6: f-string: invalid conversion character 'z': expected 's', 'r', or 'a'");
  EXPECT_EQ(P("f'{x!}'"), "1:6: f-string: missing conversion character");
  EXPECT_EQ(P("f'{x y}'"), "1:6: f-string: expecting '}'");
}

TEST(ParserExpressionTest, FStringFieldLocations) {
  Parsed p("x = f'ab{cd + 1}'");
  const Expr& f = *p.stmt(0).value;
  ASSERT_EQ(f.kind, ExprKind::kFString);
  EXPECT_EQ(SpanText(f.span), "1:5-1:18");
  ASSERT_EQ(f.elts.size(), 2u);
  EXPECT_EQ(p.Text(f.elts[0]->span), "ab");
  EXPECT_EQ(p.Text(f.elts[1]->span), "{cd + 1}");
  EXPECT_EQ(p.Text(f.elts[1]->operand->span), "cd + 1");
  EXPECT_EQ(p.Text(f.elts[1]->operand->left->span), "cd");
}

// --- Statements ---

TEST(ParserStatementTest, Assignments) {
  EXPECT_EQ(P("a = b = 1"), "(= a b 1)");
  EXPECT_EQ(P("a, b = b, a"), "(= (tuple a b) (tuple b a))");
  EXPECT_EQ(P("(a, b), [c, *d] = x"), "(= (tuple (tuple a b) (list c (* d))) x)");
  EXPECT_EQ(P("a.b[c] = x"), "(= ([] (. a b) c) x)");
  EXPECT_EQ(P("x = yield y"), "(= x (yield y))");
  EXPECT_EQ(P("a: int"), "(ann a int _)");
  EXPECT_EQ(P("self.x: list[int] = []"), "(ann (. self x) ([] list int) (list))");
  EXPECT_EQ(P("a += 1; b -= 2; c *= 3; d /= 4; e //= 5; f %= 6; g @= 7"),
            "(add= a 1) (sub= b 2) (mul= c 3) (div= d 4) (floordiv= e 5) (mod= f 6) "
            "(matmul= g 7)");
  EXPECT_EQ(P("a &= 1; b |= 2; c ^= 3; d <<= 4; e >>= 5; f **= 6"),
            "(bitand= a 1) (bitor= b 2) (bitxor= c 3) (lshift= d 4) (rshift= e 5) (pow= f 6)");
}

TEST(ParserStatementTest, SimpleStatements) {
  EXPECT_EQ(P("pass; break; continue;"), "pass break continue");
  EXPECT_EQ(P("return"), "(return)");
  EXPECT_EQ(P("return a, *b"), "(return (tuple a (* b)))");
  EXPECT_EQ(P("raise"), "(raise _)");
  EXPECT_EQ(P("raise X from Y"), "(raise X from Y)");
  EXPECT_EQ(P("global a, b\nnonlocal c"), "(global a b) (nonlocal c)");
  EXPECT_EQ(P("del a, b[1], c.d"), "(del a ([] b 1) (. c d))");
  EXPECT_EQ(P("del (a, b)"), "(del (tuple a b))");
  EXPECT_EQ(P("assert x, 'msg'\nassert y"), "(assert x 'msg') (assert y _)");
  EXPECT_EQ(P("yield\nyield from g()"), "(yield) (yield-from (call g))");
  EXPECT_EQ(P("await lock.acquire()"), "(await (call (. lock acquire)))");
}

TEST(ParserStatementTest, Imports) {
  EXPECT_EQ(P("import a.b as c, d"), "(import a.b as c, d)");
  EXPECT_EQ(P("from ..x import (a, b as c,)"), "(from ..x import a, b as c)");
  EXPECT_EQ(P("from . import a"), "(from . import a)");
  EXPECT_EQ(P("from .... import a"), "(from .... import a)");
  EXPECT_EQ(P("from threading import *"), "(from threading import *)");
}

TEST(ParserStatementTest, CompoundStatements) {
  EXPECT_EQ(P("if a: x = 1\nelif b:\n    pass\nelse:\n    y"),
            "(if a ((= x 1)) ((if b (pass) (y))))");
  EXPECT_EQ(P("while x:\n    break\nelse:\n    pass"), "(while x (break) (pass))");
  EXPECT_EQ(P("for i, j in x: pass\nelse: pass"), "(for (tuple i j) x (pass) (pass))");
  EXPECT_EQ(P("for x, in y: pass"), "(for (tuple x) y (pass) ())");
  EXPECT_EQ(P("if (n := len(a)) > 3: pass"), "(if (cmp (:= n (call len a)) > 3) (pass) ())");
}

TEST(ParserStatementTest, With) {
  EXPECT_EQ(P("with a as b, c as d: pass"), "(with (a as b) (c as d) (pass))");
  EXPECT_EQ(P("with (a as b, c as d,): pass"), "(with (a as b) (c as d) (pass))");
  EXPECT_EQ(P("with (a, b): pass"), "(with (a) (b) (pass))");
  EXPECT_EQ(P("with (a, b) as c: pass"), "(with ((tuple a b) as c) (pass))");
  EXPECT_EQ(P("with (open(f)) as g: pass"), "(with ((call open f) as g) (pass))");
  EXPECT_EQ(P("with lock: pass"), "(with (lock) (pass))");
  EXPECT_EQ(P("with a as (b, c): pass"), "(with (a as (tuple b c)) (pass))");
}

TEST(ParserStatementTest, Try) {
  EXPECT_EQ(P("try:\n  a\nexcept E as e:\n  b\nexcept (F, G):\n  c\nexcept:\n  d\n"
              "else:\n  e\nfinally:\n  f"),
            "(try (a) (except E as e (b)) (except (tuple F G) (c)) (except _ (d)) (else (e)) "
            "(finally (f)))");
  EXPECT_EQ(P("try:\n  a\nfinally:\n  f"), "(try (a) (finally (f)))");
  EXPECT_EQ(P("try:\n  a\nexcept* E:\n  b\nexcept* F as f:\n  c"),
            "(try* (a) (except E (b)) (except F as f (c)))");
}

TEST(ParserStatementTest, Definitions) {
  EXPECT_EQ(P("@dec\n@dec.attr(1)\ndef f(a: int, /, b: str = 'x', *args: int, c, d=4, **kw)"
              " -> None:\n    return a"),
            "(def f (a:int / b:str='x' *args:int c d=4 **kw) -> None @dec @(call (. dec attr) 1)"
            " ((return a)))");
  EXPECT_EQ(P("def f(*, a): pass"), "(def f (* a) (pass))");
  EXPECT_EQ(P("def f(): pass"), "(def f () (pass))");
  EXPECT_EQ(P("async def g():\n    async for x in y:\n        await x\n"
              "    async with a as b:\n        pass"),
            "(async-def g () ((async-for x y ((await x)) ()) (async-with (a as b) (pass))))");
  EXPECT_EQ(P("@dataclass\nclass C(Base, metaclass=M, **kw):\n    x: int = 0"),
            "(class C (Base metaclass=M **kw) @dataclass ((ann x int 0)))");
  EXPECT_EQ(P("class D: pass"), "(class D () (pass))");
}

TEST(ParserStatementTest, SemicolonsAndOneLineBodies) {
  EXPECT_EQ(P("if x: a = 1; b = 2\nc"), "(if x ((= a 1) (= b 2)) ()) c");
  EXPECT_EQ(P("lock.acquire(); lock.release();"),
            "(call (. lock acquire)) (call (. lock release))");
}

TEST(ParserStatementTest, SoftKeywords) {
  EXPECT_EQ(P("match command:\n    case [x]:\n        pass\n    case _:\n        pass\ny = 1"),
            "(match command) (= y 1)");
  EXPECT_EQ(P("match = 3\nmatch(x)\nmatch[1] = 2\nmatch.x = 1\nprint(match)"),
            "(= match 3) (call match x) (= ([] match 1) 2) (= (. match x) 1) (call print match)");
  EXPECT_EQ(P("match (x):\n    case 1: pass"), "(match x)");
  EXPECT_EQ(P("match x, y:\n    case 1: pass"), "(match (tuple x y))");
  EXPECT_EQ(P("match *x:\n    case 1: pass"), "1:1: illegal target for annotation");
  EXPECT_EQ(P("type X = list[int]\ntype = 5\ntype(x)"),
            "(type X ([] list int)) (= type 5) (call type x)");
}

TEST(ParserStatementTest, ModuleDocstring) {
  SourceFile source("t.py", "\"\"\"Two threads.\n\nOne lock.\"\"\"\nx = 1\n");
  ParseResult r = Parse(source);
  ASSERT_NE(r.module, nullptr);
  EXPECT_TRUE(r.module->has_docstring);
  EXPECT_EQ(r.module->docstring, "Two threads.\n\nOne lock.");
  EXPECT_EQ(r.module->body.size(), 2u);  // the docstring stays a statement

  SourceFile no_doc("t.py", "x = 1\n'not a docstring'\n");
  ParseResult r2 = Parse(no_doc);
  ASSERT_NE(r2.module, nullptr);
  EXPECT_FALSE(r2.module->has_docstring);
  SourceFile bytes_doc("t.py", "b'bytes are not docstrings'\n");
  EXPECT_FALSE(Parse(bytes_doc).module->has_docstring);
}

TEST(ParserStatementTest, ParenthesizedFlag) {
  Parsed p("x = (a)\ny = (a, b)\nz = a, b\nw = a");
  EXPECT_TRUE(p.stmt(0).value->parenthesized);
  EXPECT_TRUE(p.stmt(1).value->parenthesized);
  EXPECT_FALSE(p.stmt(2).value->parenthesized);
  EXPECT_FALSE(p.stmt(3).value->parenthesized);
}

// --- Spans ---

TEST(ParserSpanTest, Expressions) {
  Parsed p("x = (a + b) * f(c, k=d)[1:2].e\n");
  const Stmt& s = p.stmt(0);
  EXPECT_EQ(SpanText(s.span), "1:1-1:31");
  const Expr& mul = *s.value;
  EXPECT_EQ(p.Text(mul.span), "(a + b) * f(c, k=d)[1:2].e");
  EXPECT_EQ(p.Text(mul.left->span), "a + b");  // a parenthesized node spans its inside
  EXPECT_TRUE(mul.left->parenthesized);
  const Expr& attr = *mul.right;
  EXPECT_EQ(p.Text(attr.span), "f(c, k=d)[1:2].e");
  const Expr& sub = *attr.operand;
  EXPECT_EQ(p.Text(sub.index->span), "1:2");
  const Expr& call = *sub.operand;
  EXPECT_EQ(p.Text(call.span), "f(c, k=d)");
  EXPECT_EQ(p.Text(call.keywords[0].span), "k=d");
}

TEST(ParserSpanTest, TuplesAndGenerators) {
  Parsed p("a, b = (1, 2)\nf(x for x in y)\n");
  EXPECT_EQ(p.Text(p.stmt(0).targets[0]->span), "a, b");
  EXPECT_EQ(p.Text(p.stmt(0).value->span), "(1, 2)");  // a parenthesized tuple includes them
  EXPECT_EQ(p.Text(p.stmt(1).value->elts[0]->span), "(x for x in y)");
}

TEST(ParserSpanTest, CompoundStatementsCoverTheirBodies) {
  Parsed p("@dec\ndef worker(lock, n=1):\n    with lock:\n        n += 1  # c\n\n"
           "class C(B):\n    pass\ntry:\n    a\nexcept E as e:\n    b\n");
  const Stmt& def = p.stmt(0);
  EXPECT_EQ(SpanText(def.span), "2:1-4:15");
  EXPECT_EQ(p.Text(def.name_span), "worker");
  EXPECT_EQ(p.Text(def.params->args[1].span), "n");
  EXPECT_EQ(p.Text(def.decorators[0]->span), "dec");
  const Stmt& with = *def.body[0];
  EXPECT_EQ(SpanText(with.span), "3:5-4:15");
  const Stmt& cls = p.stmt(1);
  EXPECT_EQ(SpanText(cls.span), "6:1-7:9");
  EXPECT_EQ(p.Text(cls.name_span), "C");
  const Stmt& t = p.stmt(2);
  EXPECT_EQ(SpanText(t.span), "8:1-11:6");
  EXPECT_EQ(SpanText(t.handlers[0].span), "10:1-11:6");
}

TEST(ParserSpanTest, ImportsGlobalsAndUnicode) {
  Parsed p("import a.b as c\nglobal x, yy\né = \"€\" + z\n");
  EXPECT_EQ(p.Text(p.stmt(0).aliases[0].span), "a.b as c");
  EXPECT_EQ(p.Text(p.stmt(1).name_spans[1]), "yy");
  const Stmt& s = p.stmt(2);
  EXPECT_EQ(SpanText(s.span), "3:1-3:12");  // columns count code points
  EXPECT_EQ(p.Text(s.value->right->span), "z");
}

TEST(ParserSpanTest, CrlfAndBom) {
  Parsed p("\xEF\xBB\xBFif x:\r\n    y = 1\r\n");
  ASSERT_NE(p.result.module, nullptr);
  EXPECT_EQ(p.Text(p.stmt(0).test->span), "x");
  EXPECT_EQ(p.Text(p.stmt(0).body[0]->span), "y = 1");
}

// --- Errors ---

TEST(ParserErrorTest, Targets) {
  EXPECT_EQ(P("f() = 1"),
            "1:1: cannot assign to function call here. Maybe you meant '==' instead of '='?");
  EXPECT_EQ(P("1 = x"), "1:1: cannot assign to literal here. Maybe you meant '==' instead of '='?");
  EXPECT_EQ(P("(a, f()) = 1"), "1:5: cannot assign to function call");
  EXPECT_EQ(P("x = f() = 1"), "1:5: cannot assign to function call");
  EXPECT_EQ(P("[a, 1] = x"), "1:5: cannot assign to literal");
  EXPECT_EQ(P("True = 1"), "1:1: cannot assign to True");
  EXPECT_EQ(P("for f() in x: pass"), "1:5: cannot assign to function call");
  EXPECT_EQ(P("[x for 1 in y]"), "1:8: cannot assign to literal");
  EXPECT_EQ(P("with a as f(): pass"), "1:11: cannot assign to function call");
  EXPECT_EQ(P("del f()"), "1:5: cannot delete function call");
  EXPECT_EQ(P("*a = 1"), "1:1: starred assignment target must be in a list or tuple");
  EXPECT_EQ(P("a, *b, *c = d"), "1:8: multiple starred expressions in assignment");
  EXPECT_EQ(P("a + 1 += 2"), "1:1: 'expression' is an illegal expression for augmented assignment");
  EXPECT_EQ(P("a, b += 2"), "1:1: 'tuple' is an illegal expression for augmented assignment");
  EXPECT_EQ(P("a, b: int"), "1:1: only single target (not tuple) can be annotated");
  EXPECT_EQ(P("a.b := 1"), "1:1: cannot use assignment expressions with attribute");
  EXPECT_EQ(P("x = yield = 1"), "1:5: assignment to yield expression not possible");
  EXPECT_EQ(P("x = *a"), "1:5: can't use starred expression here");
}

TEST(ParserErrorTest, Calls) {
  EXPECT_EQ(P("f(a=1, b)"), "1:8: positional argument follows keyword argument");
  EXPECT_EQ(P("f(**k, b)"), "1:8: positional argument follows keyword argument unpacking");
  EXPECT_EQ(P("f(**k, *a)"), "1:8: iterable argument unpacking follows keyword argument unpacking");
  EXPECT_EQ(P("f(a=1, a=2)"), "1:8: keyword argument repeated: a");
  EXPECT_EQ(P("f(a for a in b, c)"), "1:3: Generator expression must be parenthesized");
  EXPECT_EQ(P("f(a.b=1)"), "1:3: expression cannot contain assignment, perhaps you meant \"==\"?");
  EXPECT_EQ(P("f(a b)"), "1:3: invalid syntax. Perhaps you forgot a comma?");
}

TEST(ParserErrorTest, Parameters) {
  EXPECT_EQ(P("def f(a=1, b): pass"),
            "1:12: parameter without a default follows parameter with a default");
  EXPECT_EQ(P("def f(a, a): pass"), "1:10: duplicate argument 'a' in function definition");
  EXPECT_EQ(P("def f(*, **k): pass"), "1:7: named arguments must follow bare *");
  EXPECT_EQ(P("def f(**k, a): pass"), "1:12: arguments cannot follow var-keyword argument");
  EXPECT_EQ(P("def f(*a, *b): pass"), "1:11: * argument may appear only once");
  EXPECT_EQ(P("def f(/, a): pass"), "1:7: at least one argument must precede /");
  EXPECT_EQ(P("def f[T](x): pass"), "1:6: unsupported in scenarios: type parameters");
}

TEST(ParserErrorTest, Blocks) {
  EXPECT_EQ(P("if x:\ny = 1"),
            "2:1: expected an indented block after 'if' statement on line 1");
  EXPECT_EQ(P("x = 1\nwhile x:"),
            "2:9: expected an indented block after 'while' statement on line 2");
  EXPECT_EQ(P("def f():\n# nothing\n"),
            "1:9: expected an indented block after function definition on line 1");
  EXPECT_EQ(P("try:\n  pass\nx = 1"), "3:1: expected 'except' or 'finally' block");
  EXPECT_EQ(P("try:\n  pass\nexcept A, B:\n  pass"),
            "3:8: multiple exception types must be parenthesized");
  EXPECT_EQ(P("try:\n  pass\nexcept* A:\n  pass\nexcept B:\n  pass"),
            "5:1: cannot have both 'except' and 'except*' on the same 'try'");
  EXPECT_EQ(P("class A\n  pass"), "1:8: expected ':'");
  EXPECT_EQ(P("x = 5 if 3"), "1:5: expected 'else' after 'if' expression");
  EXPECT_EQ(P("else:\n  pass"), "1:1: invalid syntax");
}

TEST(ParserErrorTest, TokenizerErrorsWinOverGenericOnes) {
  // As in CPython: the unterminated string further down explains the confusion.
  EXPECT_EQ(P("x = = 1\ny = 'abc"), "2:5: unterminated string literal (detected at line 2)");
  EXPECT_EQ(P("x = (1,\ny = 2\n"), "1:5: '(' was never closed");
  EXPECT_EQ(P("def f(:\n  pass\n"), "1:7: invalid syntax");
  // ...but not over an unexpected indent.
  EXPECT_EQ(P("x = 1\n    y = 2\nz = 'abc"), "2:5: unexpected indent");
}

// --- Golden diagnostics: the exact text a user sees ---

TEST(ParserGoldenTest, RenderedDiagnostics) {
  EXPECT_EQ(Render("x = 1\n    y = 2\n"),
            "scenario.py:2:5: error: unexpected indent\n"
            "        y = 2\n"
            "        ^\n");
  EXPECT_EQ(Render("if ready:\nwork()\n"),
            "scenario.py:2:1: error: expected an indented block after 'if' statement on line 1\n"
            "    work()\n"
            "    ^\n");
  EXPECT_EQ(Render("with lock\n    pass\n"),
            "scenario.py:1:10: error: expected ':'\n"
            "    with lock\n"
            "             ^\n");
  EXPECT_EQ(Render("x = 1 +\n"),
            "scenario.py:1:8: error: invalid syntax\n"
            "    x = 1 +\n"
            "           ^\n");
  EXPECT_EQ(Render("def f():\n        a = 1\n    b = 2\n"),
            "scenario.py:3:5: error: unindent does not match any outer indentation level\n"
            "        b = 2\n"
            "        ^\n");
  EXPECT_EQ(Render("x = 1\ny = 'abc\n"),
            "scenario.py:2:5: error: unterminated string literal (detected at line 2)\n"
            "    y = 'abc\n"
            "        ^\n");
  EXPECT_EQ(Render("s = \"\"\"doc\n\nmore\n"),
            "scenario.py:1:5: error: unterminated triple-quoted string literal (detected at "
            "line 3)\n"
            "    s = \"\"\"doc\n"
            "        ^\n");
  EXPECT_EQ(Render("t = Thread(target=f,\n           args=(1,)\n"),
            "scenario.py:1:11: error: '(' was never closed\n"
            "    t = Thread(target=f,\n"
            "              ^\n");
  EXPECT_EQ(Render("x = [1, 2)\n"),
            "scenario.py:1:10: error: closing parenthesis ')' does not match opening "
            "parenthesis '['\n"
            "    x = [1, 2)\n"
            "             ^\n");
  EXPECT_EQ(Render("lock.release())\n"),
            "scenario.py:1:15: error: unmatched ')'\n"
            "    lock.release())\n"
            "                  ^\n");
  EXPECT_EQ(Render("prix = 5 € 2\n"),
            "scenario.py:1:10: error: invalid character '€' (U+20AC)\n"
            "    prix = 5 € 2\n"
            "             ^\n");
  EXPECT_EQ(Render("é = \"ü\" +* 2\n"),
            "scenario.py:1:10: error: invalid syntax\n"
            "    é = \"ü\" +* 2\n"
            "             ^\n");
  EXPECT_EQ(Render("lock.acquire() = True\n"),
            "scenario.py:1:1: error: cannot assign to function call here. Maybe you meant '==' "
            "instead of '='?\n"
            "    lock.acquire() = True\n"
            "    ^\n");
  EXPECT_EQ(Render("for f() in items:\n    pass\n"),
            "scenario.py:1:5: error: cannot assign to function call\n"
            "    for f() in items:\n"
            "        ^\n");
  EXPECT_EQ(Render("(a, 1) = x\n"),
            "scenario.py:1:5: error: cannot assign to literal\n"
            "    (a, 1) = x\n"
            "        ^\n");
  EXPECT_EQ(Render("n = 1st\n"),
            "scenario.py:1:5: error: invalid decimal literal\n"
            "    n = 1st\n"
            "        ^\n");
  EXPECT_EQ(Render("z = 1j\n"),
            "scenario.py:1:5: error: unsupported in scenarios: complex numbers\n"
            "    z = 1j\n"
            "        ^\n");
  EXPECT_EQ(Render("if x:\n\tpass\n        pass\n"),
            "scenario.py:3:9: error: inconsistent use of tabs and spaces in indentation\n"
            "            pass\n"
            "            ^\n");
  EXPECT_EQ(Render("x = f'{}'\n"),
            "scenario.py:1:8: error: f-string: valid expression required before '}'\n"
            "    x = f'{}'\n"
            "           ^\n");
  EXPECT_EQ(Render("f(a b)\n"),
            "scenario.py:1:3: error: invalid syntax. Perhaps you forgot a comma?\n"
            "    f(a b)\n"
            "      ^\n");
}

// --- Whole-file refusals ---

TEST(ParserInputTest, EmptyFiles) {
  for (const char* text : {"", "\n\n", "   \n\t\n", "# only a comment\n  # another\n",
                           "\xEF\xBB\xBF", "\r\n"}) {
    EXPECT_EQ(P(text), "1:1: scenario is empty: nothing to check") << text;
  }
  EXPECT_EQ(Render("# TODO: write the scenario\n"),
            "scenario.py:1:1: error: scenario is empty: nothing to check\n"
            "    # TODO: write the scenario\n"
            "    ^\n");
}

TEST(ParserInputTest, BadFiles) {
  EXPECT_EQ(Render(std::string(kMaxSourceBytes + 10, ' ')),
            "scenario.py:1:1: error: file too large (1048586 bytes; the limit is 1048576)\n"
            "    " + std::string(kMaxSourceBytes + 10, ' ') + "\n    ^\n");
  EXPECT_EQ(P("x = 1\ny = '\xE9'\n"), "2:6: file is not valid UTF-8");
  EXPECT_EQ(P(std::string("x = 1\0\n", 7)), "1:6: source code cannot contain null bytes");
}

// --- Depth limits: never a crash, whatever the input ---

TEST(ParserDepthTest, DeepInputsAreRefused) {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  EXPECT_EQ(P("x = " + repeat("(", 10000) + "1" + repeat(")", 10000)),
            "1:105: too many nested parentheses");
  EXPECT_EQ(P("x = " + repeat("-", 100000) + "1"), "1:105: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = " + repeat("not ", 100000) + "1"),
            "1:405: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = " + repeat("2**", 100000) + "1"),
            "1:306: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = " + repeat("lambda: ", 100000) + "1"),
            "1:805: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = " + repeat("a if b else ", 20000) + "1"),
            "1:1217: too deeply nested (the limit is 100)");
  // Left-leaning chains count too: a recursive walk of their tree would be as deep.
  EXPECT_EQ(P("x = " + repeat("1+", 100000) + "1"), "1:206: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = a" + repeat(".b", 100000)), "1:206: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = f" + repeat("()", 100000)), "1:206: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("x = " + repeat("[*", 10000) + "a" + repeat("]", 10000)),
            "1:205: too many nested parentheses");
  EXPECT_EQ(P("x = " + repeat("f'{", 300) + "1" + repeat("}'", 300)),
            "1:155: too deeply nested (the limit is 100)");
  std::string ifs;
  for (int i = 0; i < 200; ++i) ifs += std::string(i, ' ') + "if x:\n";
  ifs += std::string(200, ' ') + "pass\n";
  EXPECT_EQ(P(ifs), "102:102: too deeply nested (the limit is 100)");
  EXPECT_EQ(P("if x:\n pass\n" + repeat("elif x:\n pass\n", 10000)),
            "202:2: too deeply nested (the limit is 100)");
}

TEST(ParserDepthTest, FlatInputsAreFine) {
  auto repeat = [](std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  EXPECT_EQ(P("x = " + repeat("(", 100) + "1" + repeat(")", 100)), "(= x 1)");
  EXPECT_EQ(P("x = " + repeat("a < ", 50000) + "a").substr(0, 12), "(= x (cmp a ");
  EXPECT_EQ(P("x = " + repeat("a or ", 50000) + "a").substr(0, 11), "(= x (or a ");
  std::string ifs;
  for (int i = 0; i < 60; ++i) ifs += std::string(i, ' ') + "if x:\n";
  ifs += std::string(60, ' ') + "pass\n";
  EXPECT_EQ(P(ifs).substr(0, 6), "(if x ");
}

// A source at the size limit parses whole. How fast is for tools/bench and the command line's
// limits test (a 1 MiB scenario checks within its timeout); a unit test asserts no times.
TEST(ParserSizeTest, OneMebibyteParsesWhole) {
  std::string text;
  int i = 0;
  while (text.size() < kMaxSourceBytes - 200) {
    absl::StrAppend(&text, "def worker_", i++, "(lock, items, n=1):\n",
                    "    with lock:\n        items.append(n * 2 + (n - 1) // 3)\n",
                    "    return [x for x in items if x % 2 == 0]\n\n");
  }
  SourceFile source("big.py", text);
  ParseResult r = Parse(source);
  ASSERT_NE(r.module, nullptr);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(static_cast<int>(r.module->body.size()), i);
}

}  // namespace
}  // namespace lockcheck
