#include "scenarios/lang/lexer.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "scenarios/lang/parser.h"

namespace lockcheck {
namespace {

// One word per token: names and operators as written, numbers as #value, strings as "value",
// layout tokens in capitals, an error as ERROR(message).
std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kName: return std::string(t.text);
    case TokenKind::kNumber:
      if (t.is_float) return absl::StrFormat("#%g", t.float_value);
      if (t.is_big) return "#big";
      return absl::StrCat("#", t.int_value);
    case TokenKind::kString: return absl::StrCat(t.is_bytes ? "b\"" : "\"", t.value, "\"");
    case TokenKind::kFStringStart: return "FSTART";
    case TokenKind::kFStringMiddle: return absl::StrCat("<", t.value, ">");
    case TokenKind::kFStringEnd: return "FEND";
    case TokenKind::kNewline: return "NEWLINE";
    case TokenKind::kIndent: return "INDENT";
    case TokenKind::kDedent: return "DEDENT";
    case TokenKind::kEndMarker: return "END";
    case TokenKind::kError: return absl::StrCat("ERROR(", t.value, ")");
    default: return std::string(TokenKindName(t.kind));
  }
}

std::string Lex(std::string text) {
  SourceFile source("t.py", std::move(text));
  std::vector<std::string> words;
  for (const Token& t : Tokenize(source)) words.push_back(Describe(t));
  return absl::StrJoin(words, " ");
}

// The final token (END or the error) with its location.
std::string Last(std::string text) {
  SourceFile source("t.py", std::move(text));
  std::vector<Token> tokens = Tokenize(source);
  const Token& t = tokens.back();
  return absl::StrFormat("%d:%d %s", t.span.begin.line, t.span.begin.column, Describe(t));
}

std::string Spans(std::string text) {
  SourceFile source("t.py", std::move(text));
  std::vector<std::string> words;
  for (const Token& t : Tokenize(source)) {
    words.push_back(absl::StrFormat("%s@%d:%d-%d:%d", Describe(t), t.span.begin.line,
                                    t.span.begin.column, t.span.end.line, t.span.end.column));
  }
  return absl::StrJoin(words, " ");
}

TEST(TokenKindTest, NamesComeFromTheTable) {
  EXPECT_EQ(TokenKindName(TokenKind::kDoubleStarEqual), "**=");
  EXPECT_EQ(TokenKindName(TokenKind::kNonlocal), "nonlocal");
  EXPECT_EQ(TokenKindName(TokenKind::kNewline), "NEWLINE");
  EXPECT_EQ(TokenKindGroup(TokenKind::kWith), TokenGroup::kKeyword);
  EXPECT_EQ(TokenKindGroup(TokenKind::kRArrow), TokenGroup::kOperator);
}

TEST(LexerTest, SimpleStatement) {
  EXPECT_EQ(Lex("x = 1\n"), "x = #1 NEWLINE END");
  EXPECT_EQ(Lex("x = 1"), "x = #1 NEWLINE END");  // no final line break
  EXPECT_EQ(Lex("lock.acquire()\n"), "lock . acquire ( ) NEWLINE END");
}

TEST(LexerTest, KeywordsAndSoftKeywords) {
  EXPECT_EQ(Lex("if not x is None: pass\n"), "if not x is None : pass NEWLINE END");
  // match, case, type and _ stay names: only the parser knows when they are keywords.
  EXPECT_EQ(Lex("match case type _\n"), "match case type _ NEWLINE END");
}

TEST(LexerTest, OperatorsTakeTheLongestSpelling) {
  EXPECT_EQ(Lex("a **= b //= c >>= d <<= e\n"), "a **= b //= c >>= d <<= e NEWLINE END");
  EXPECT_EQ(Lex("a->b:=c...d!=e<=f**g//h\n"),
            "a -> b := c ... d != e <= f ** g // h NEWLINE END");
  EXPECT_EQ(Lex("a@b@=c\n"), "a @ b @= c NEWLINE END");
}

TEST(LexerTest, IndentAndDedent) {
  EXPECT_EQ(Lex("if a:\n    b\n    if c:\n        d\ne\n"),
            "if a : NEWLINE INDENT b NEWLINE if c : NEWLINE INDENT d NEWLINE DEDENT DEDENT e "
            "NEWLINE END");
}

TEST(LexerTest, BlankAndCommentLinesDoNotCountForIndentation) {
  EXPECT_EQ(Lex("if a:\n\n    b\n  # odd comment\n\n        \n    c\n# end\n"),
            "if a : NEWLINE INDENT b NEWLINE c NEWLINE DEDENT END");
}

TEST(LexerTest, DedentsAtEndOfFileWithoutLineBreak) {
  EXPECT_EQ(Lex("def f():\n  if x:\n    y"),
            "def f ( ) : NEWLINE INDENT if x : NEWLINE INDENT y NEWLINE DEDENT DEDENT END");
}

TEST(LexerTest, TabsAdvanceToMultiplesOfEight) {
  // A tab is column 8, and so is "  \t". Eight spaces match a tab in columns but not with
  // tabs of width 1: the meaning would depend on the tab size, so the mix is refused.
  EXPECT_EQ(Lex("if a:\n\tb\n\tc\n"), "if a : NEWLINE INDENT b NEWLINE c NEWLINE DEDENT END");
  EXPECT_EQ(Lex("if a:\n\tb\n  \t  c\n"),
            "if a : NEWLINE INDENT b NEWLINE INDENT c NEWLINE DEDENT DEDENT END");
  EXPECT_EQ(Last("if a:\n\tb\n        c\n"),
            "3:9 ERROR(inconsistent use of tabs and spaces in indentation)");
  EXPECT_EQ(Last("if a:\n  \tb\n\tc\n"),
            "3:2 ERROR(inconsistent use of tabs and spaces in indentation)");
}

TEST(LexerTest, InconsistentDedent) {
  EXPECT_EQ(Last("if a:\n        b\n    c\n"),
            "3:5 ERROR(unindent does not match any outer indentation level)");
}

TEST(LexerTest, BracketsJoinLines) {
  EXPECT_EQ(Lex("x = [1,\n        2,\n  3]\ny\n"),
            "x = [ #1 , #2 , #3 ] NEWLINE y NEWLINE END");
  EXPECT_EQ(Lex("f(a,  # comment\n\n  b)\n"), "f ( a , b ) NEWLINE END");
}

TEST(LexerTest, BackslashContinuation) {
  EXPECT_EQ(Lex("x = 1 + \\\n    2\n"), "x = #1 + #2 NEWLINE END");
  EXPECT_EQ(Last("x = a \\ b\n"),
            "1:8 ERROR(unexpected character after line continuation character)");
  EXPECT_EQ(Last("x = 1\n\\"), "2:2 ERROR(unexpected EOF while parsing)");
  EXPECT_EQ(Last("x = 1 \\\n"), "1:8 ERROR(unexpected EOF while parsing)");
  EXPECT_EQ(Lex("x = 1 \\\n\n"), "x = #1 NEWLINE END");
}

TEST(LexerTest, CrlfLineEndings) {
  EXPECT_EQ(Lex("if a:\r\n    b\r\nc\r\n"),
            "if a : NEWLINE INDENT b NEWLINE DEDENT c NEWLINE END");
  EXPECT_EQ(Lex("x = '''a\r\nb'''\r\n"), "x = \"a\nb\" NEWLINE END");
}

TEST(LexerTest, ByteOrderMarkIsSkipped) {
  // The BOM is a code point of line 1 (as everywhere in SourceFile), so `x` is column 2.
  EXPECT_EQ(Spans("\xEF\xBB\xBFx\n"), "x@1:2-1:3 NEWLINE@1:3-1:4 END@2:1-2:1");
}

TEST(LexerTest, Numbers) {
  EXPECT_EQ(Lex("0 7 1_000 0x_Ff 0o17 0B101 00 0_0\n"),
            "#0 #7 #1000 #255 #15 #5 #0 #0 NEWLINE END");
  EXPECT_EQ(Lex("1.5 .5 5. 1e3 1.5E-3 1_0.2_5e1_0\n"),
            "#1.5 #0.5 #5 #1000 #0.0015 #1.025e+11 NEWLINE END");
  EXPECT_EQ(Lex("9223372036854775807 9223372036854775808 0xffffffffffffffff\n"),
            "#9223372036854775807 #big #big NEWLINE END");
  // A keyword may follow a number directly (CPython warns but accepts).
  EXPECT_EQ(Lex("1if x else 2\n"), "#1 if x else #2 NEWLINE END");
}

TEST(LexerTest, BadNumbers) {
  EXPECT_EQ(Last("x = 1abc\n"), "1:5 ERROR(invalid decimal literal)");
  EXPECT_EQ(Last("x = 1_\n"), "1:6 ERROR(invalid decimal literal)");
  EXPECT_EQ(Last("x = 1__0\n"), "1:6 ERROR(invalid decimal literal)");
  EXPECT_EQ(Last("x = 0x\n"), "1:5 ERROR(invalid hexadecimal literal)");
  EXPECT_EQ(Last("x = 0b102\n"), "1:9 ERROR(invalid digit '2' in binary literal)");
  EXPECT_EQ(Last("x = 0o8\n"), "1:7 ERROR(invalid digit '8' in octal literal)");
  EXPECT_EQ(Last("x = 012\n"),
            "1:5 ERROR(leading zeros in decimal integer literals are not permitted; use an 0o "
            "prefix for octal integers)");
  EXPECT_EQ(Last("x = 2j\n"), "1:5 ERROR(unsupported in scenarios: complex numbers)");
  EXPECT_EQ(Last("x = 1.5e3J\n"), "1:5 ERROR(unsupported in scenarios: complex numbers)");
}

TEST(LexerTest, StringsAndEscapes) {
  EXPECT_EQ(Lex(R"('a' "b" '''c''' """d""")" "\n"), "\"a\" \"b\" \"c\" \"d\" NEWLINE END");
  EXPECT_EQ(Lex(R"(x = 'it\'s \"q\" \\ \t|\n|\x41\101\u00e9\U0001F600')" "\n"),
            "x = \"it's \"q\" \\ \t|\n|AA\u00e9\U0001F600\" NEWLINE END");
  // Unknown escapes keep their backslash; a backslash before a line break joins the lines.
  EXPECT_EQ(Lex("'\\d\\\nx'\n"), "\"\\dx\" NEWLINE END");
  EXPECT_EQ(Lex("'''a\n  b'''\n"), "\"a\n  b\" NEWLINE END");
}

TEST(LexerTest, StringPrefixes) {
  EXPECT_EQ(Lex(R"(r'\n' R"\d" b'\x41\xff' Br'\t' rB'\q' u'x')" "\n"),
            "\"\\n\" \"\\d\" b\"A\xff\" b\"\\t\" b\"\\q\" \"x\" NEWLINE END");
  // Raw strings still cannot end at an escaped quote.
  EXPECT_EQ(Lex(R"(r'a\'b')" "\n"), "\"a\\'b\" NEWLINE END");
  // Not a prefix: a name followed by a string.
  EXPECT_EQ(Lex("bf'x'\n"), "bf \"x\" NEWLINE END");
  // Bytes keep \u as two characters.
  EXPECT_EQ(Lex(R"(b'\u0041')" "\n"), "b\"\\u0041\" NEWLINE END");
}

TEST(LexerTest, BadStrings) {
  EXPECT_EQ(Last("x = 'abc\ny = 1\n"),
            "1:5 ERROR(unterminated string literal (detected at line 1))");
  EXPECT_EQ(Last("x = 1\ny = \"\"\"abc\n\n\n"),
            "2:5 ERROR(unterminated triple-quoted string literal (detected at line 4))");
  EXPECT_EQ(Last("x = b'\xC3\xA9'\n"),
            "1:5 ERROR(bytes can only contain ASCII literal characters)");
  EXPECT_EQ(Last("x = '\\N{BULLET}'\n"),
            "1:6 ERROR(unsupported in scenarios: \\N{...} escapes)");
  EXPECT_EQ(Last("x = '\\x4'\n"), "1:6 ERROR((unicode error) truncated \\xXX escape)");
}

TEST(LexerTest, FStringPieces) {
  EXPECT_EQ(Lex("f'a{b!r:>{w}}c{{d}}'\n"),
            "FSTART <a> { b ! r : <>> { w } } <c{d}> FEND NEWLINE END");
  EXPECT_EQ(Lex("f''\n"), "FSTART FEND NEWLINE END");
  EXPECT_EQ(Lex("F'{x=}' rf'\\{y}'\n"),
            "FSTART { x = } FEND FSTART <\\> { y } FEND NEWLINE END");
  // PEP 701: the f-string's own quote may be reused inside a replacement field.
  EXPECT_EQ(Lex("f\"{d[\"k\"]}\"\n"), "FSTART { d [ \"k\" ] } FEND NEWLINE END");
  // `!=` inside a field is the operator; `:` inside brackets is not a format spec.
  EXPECT_EQ(Lex("f'{a!=b}{x[1:2]}'\n"),
            "FSTART { a != b } { x [ #1 : #2 ] } FEND NEWLINE END");
  // Nested f-strings.
  EXPECT_EQ(Lex("f'{f\"{x}\"}'\n"), "FSTART { FSTART { x } FEND } FEND NEWLINE END");
  EXPECT_EQ(Lex("f'''a\n{x}\nb'''\n"), "FSTART <a\n> { x } <\nb> FEND NEWLINE END");
}

TEST(LexerTest, FStringLocations) {
  EXPECT_EQ(Spans("f'é{x}'"),
            "FSTART@1:1-1:3 <é>@1:3-1:4 {@1:4-1:5 x@1:5-1:6 }@1:6-1:7 FEND@1:7-1:8 "
            "NEWLINE@1:8-1:8 END@1:8-1:8");
}

TEST(LexerTest, BadFStrings) {
  EXPECT_EQ(Last("f'}'\n"), "1:3 ERROR(f-string: single '}' is not allowed)");
  EXPECT_EQ(Last("f'{x'\n"), "1:5 ERROR(f-string: expecting '}')");
  EXPECT_EQ(Last("x = f'abc\n"), "1:5 ERROR(unterminated f-string literal (detected at line 1))");
  EXPECT_EQ(Last("x = f'''abc\n\n"),
            "1:5 ERROR(unterminated triple-quoted f-string literal (detected at line 2))");
}

TEST(LexerTest, UnicodeNamesAndColumns) {
  EXPECT_EQ(Spans("é = \"€\"; 变量 = 1\n"),
            "é@1:1-1:2 =@1:3-1:4 \"€\"@1:5-1:8 ;@1:8-1:9 变量@1:10-1:12 =@1:13-1:14 "
            "#1@1:15-1:16 NEWLINE@1:16-1:17 END@2:1-2:1");
  EXPECT_EQ(Last("x = 1 € 2\n"), "1:7 ERROR(invalid character '€' (U+20AC))");
  EXPECT_EQ(Last("x = a\xC2\xA0+ 1\n"), "1:6 ERROR(invalid non-printable character U+00A0)");
  EXPECT_EQ(Last("x = “a”\n"), "1:5 ERROR(invalid character '“' (U+201C))");
  EXPECT_EQ(Last("x = $\n"), "1:5 ERROR(invalid syntax)");
}

TEST(LexerTest, BracketErrors) {
  EXPECT_EQ(Last("foo)\n"), "1:4 ERROR(unmatched ')')");
  EXPECT_EQ(Last("foo(1]\n"),
            "1:6 ERROR(closing parenthesis ']' does not match opening parenthesis '(')");
  EXPECT_EQ(Last("foo(1,\n2]\n"),
            "2:2 ERROR(closing parenthesis ']' does not match opening parenthesis '(' on line "
            "1)");
  EXPECT_EQ(Last("x = [(\n1)\n"), "1:5 ERROR('[' was never closed)");
  EXPECT_EQ(Last(std::string(101, '(')), "1:101 ERROR(too many nested parentheses)");
  EXPECT_EQ(Last(std::string(100, '[') + std::string(100, ']')), "1:201 END");
}

TEST(LexerTest, IndentationDepthIsLimited) {
  std::string text;
  for (int i = 0; i <= kMaxNesting + 1; ++i) text += std::string(i, ' ') + "if x:\n";
  EXPECT_EQ(Last(text), "102:102 ERROR(too deeply nested (the limit is 100))");
}

TEST(LexerTest, WholeFileChecks) {
  EXPECT_EQ(Last(std::string(kMaxSourceBytes + 1, '#')),
            "1:1 ERROR(file too large (1048577 bytes; the limit is 1048576))");
  EXPECT_EQ(Last("x = 1\ny = 'é\xFF'\n"), "2:7 ERROR(file is not valid UTF-8)");
  EXPECT_EQ(Last("x = 1\ny = \xC0\x80\n"), "2:5 ERROR(file is not valid UTF-8)");  // overlong
  EXPECT_EQ(Last(std::string("x = 1\n y\0", 9)),
            "2:3 ERROR(source code cannot contain null bytes)");
}

}  // namespace
}  // namespace lockcheck
