// The lexer. See lexer.h for what it produces; this file follows CPython's tokenizer
// (Parser/lexer/lexer.c) closely enough that its error messages and locations match.
#include "scenarios/lang/lexer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "scenarios/lang/parser.h"  // kMaxSourceBytes, kMaxNesting

namespace lockcheck {
namespace {

// ---------------------------------------------------------------------------------------------
// Unicode helpers. Identifiers follow Python: XID_Start then XID_Continue characters (without
// NFKC normalization, so two spellings of one normalized name stay distinct names).

enum IdentClass : uint8_t {
  kNotIdent,
  kIdentContinue,  // may continue an identifier, not start one (digits, combining marks)
  kIdentStart,     // may start one (and continue it)
};

IdentClass ClassifyNonAscii(uint32_t cp);  // table at the end of the file

// Code points CPython calls "non-printable" in its error messages (the common ones: controls,
// the invisible spaces and format characters that sneak in from word processors).
bool IsNonPrintable(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD || cp == 0x1680 ||
         cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF ||
         (cp >= 0xFFF9 && cp <= 0xFFFB);
}

// The code point at text[pos] (valid UTF-8 is checked up front) and its length in bytes.
uint32_t DecodeUtf8(std::string_view text, size_t pos, int* len) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  unsigned char c = byte(0);
  if (c < 0x80) { *len = 1; return c; }
  if (c < 0xE0) { *len = 2; return ((c & 0x1F) << 6) | (byte(1) & 0x3F); }
  if (c < 0xF0) {
    *len = 3;
    return ((c & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  }
  *len = 4;
  return ((c & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
         (byte(3) & 0x3F);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Offset of the first byte that is not part of well-formed UTF-8 (no overlong forms, no
// surrogates, nothing past U+10FFFF), or npos.
size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 >= 0x90)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// Line and column (in code points) of a byte offset, counted from the start of the text.
SourceLoc LocationOf(std::string_view text, size_t offset) {
  SourceLoc loc{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
  return loc;
}

bool IsAsciiIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiIdentChar(char c) { return IsAsciiIdentStart(c) || IsDigit(c); }

bool IsDigitOfBase(char c, int base) {
  switch (base) {
    case 2: return c == '0' || c == '1';
    case 8: return c >= '0' && c <= '7';
    case 16:
      return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    default: return IsDigit(c);
  }
}

int DigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// `digits` (no underscores) in `base`; false when the value does not fit in int64.
bool ParseInt(std::string_view digits, int base, int64_t* value) {
  uint64_t v = 0;
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  for (char c : digits) {
    uint64_t d = static_cast<uint64_t>(DigitValue(c));
    if (v > (kMax - d) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + d;
  }
  *value = static_cast<int64_t>(v);
  return true;
}

double ParseFloat(const std::string& text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return std::strtod(text.c_str(), nullptr);  // +-HUGE_VAL (inf) or 0, as Python gives
  }
  return value;
}

// Python's string prefixes, any case: u, r, b, f and the two-letter raw combinations.
struct StringPrefix {
  bool valid = false;
  bool raw = false;
  bool bytes = false;
  bool fstring = false;
};

StringPrefix ParsePrefix(std::string_view letters) {
  StringPrefix p;
  bool u = false;
  for (char c : letters) {
    switch (c) {
      case 'r': case 'R': if (p.raw) return {}; p.raw = true; break;
      case 'b': case 'B': if (p.bytes) return {}; p.bytes = true; break;
      case 'f': case 'F': if (p.fstring) return {}; p.fstring = true; break;
      case 'u': case 'U': if (u) return {}; u = true; break;
      default: return {};
    }
  }
  if (u && letters.size() > 1) return {};
  if (p.bytes && p.fstring) return {};
  p.valid = true;
  return p;
}

bool IsQuote(char c) { return c == '\'' || c == '"'; }

// ---------------------------------------------------------------------------------------------

class Lexer {
 public:
  explicit Lexer(const SourceFile& source) : text_(source.text()) {
    for (const TokenKindInfo& info : kTokenKinds) {
      if (info.group == TokenGroup::kOther) continue;
      auto& by_first = info.group == TokenGroup::kOperator ? operators_ : keywords_;
      by_first[static_cast<unsigned char>(info.spelling[0])].push_back({info.spelling, info.kind});
    }
    for (auto& list : operators_) {
      std::stable_sort(list.begin(), list.end(), [](const Spelling& a, const Spelling& b) {
        return a.text.size() > b.text.size();
      });
    }
  }

  std::vector<Token> Run();

 private:
  // An f-string being read. kText: its literal text; kField: the expression of a replacement
  // field (ordinary tokens); kSpec: the format spec after `:`. A field or spec entry repeats
  // its f-string's quote so the lexer can tell where it ends.
  enum class ModeKind { kText, kField, kSpec };
  struct Mode {
    ModeKind kind;
    char quote;
    bool triple;
    bool raw;
    SourceLoc start;       // the f-string's first character (its prefix)
    size_t bracket_level;  // kField: brackets_.size() with the field's `{` on top
  };
  struct Indent {
    int col;     // tabs to multiples of 8
    int altcol;  // tabs of width 1: must order lines the same way, or tabs decide the meaning
  };
  struct Bracket {
    char open;
    SourceLoc loc;
  };
  struct Spelling {
    std::string_view text;
    TokenKind kind;
  };

  // Cursor.
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  SourceLoc Loc() const { return {line_, col_}; }
  void Advance() {
    unsigned char c = static_cast<unsigned char>(text_[pos_++]);
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col_;
    }
  }
  void AdvanceCodePoint() {
    Advance();
    while (!AtEnd() && (static_cast<unsigned char>(Peek()) & 0xC0) == 0x80) Advance();
  }
  bool AtNewline() const { return Peek() == '\n' || (Peek() == '\r' && Peek(1) == '\n'); }
  void SkipNewline() {
    if (Peek() == '\r') Advance();
    Advance();
  }
  // Up to the line break (a CRLF's \r goes with the comment; the \n still ends the line).
  void SkipComment() {
    while (!AtEnd() && Peek() != '\n') Advance();
  }
  // The line on which an unterminated literal was noticed: the last line of the file at EOF.
  int DetectedLine() const {
    if (AtEnd() && !text_.empty() && text_.back() == '\n') return line_ - 1;
    return line_;
  }

  // Output.
  Token& Emit(TokenKind kind, size_t begin_pos, SourceLoc begin) {
    Token& t = out_.emplace_back();
    t.kind = kind;
    t.span = {begin, Loc()};
    t.text = std::string_view(text_).substr(begin_pos, pos_ - begin_pos);
    return t;
  }
  void Fail(std::string message, SourceLoc at) {
    Token& t = out_.emplace_back();
    t.kind = TokenKind::kError;
    t.span = {at, at};
    t.value = std::move(message);
    failed_ = true;
  }
  void FailInvalidCharacter(uint32_t cp, SourceLoc at) {
    if (IsNonPrintable(cp)) {
      Fail(absl::StrFormat("invalid non-printable character U+%04X", cp), at);
    } else {
      std::string ch;
      AppendUtf8(cp, &ch);
      Fail(absl::StrFormat("invalid character '%s' (U+%04X)", ch, cp), at);
    }
  }

  bool CheckWholeFile();
  void Indentation();
  void LexNormal();
  void EndOfFile();
  void LexToken();
  void LexName();
  void LexNumber();
  bool ScanDigitPart(std::string* digits);
  bool CheckNumberEnd(const char* kind, SourceLoc begin);
  void LexString(size_t begin_pos, SourceLoc begin, StringPrefix prefix);
  bool DecodeEscape(bool raw, bool bytes, std::string* value);
  void LexFStringText();
  void OpenBracket(char open, SourceLoc at);

  const std::string& text_;
  size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
  std::vector<Token> out_;
  bool failed_ = false;
  bool at_line_start_ = true;
  std::vector<Indent> indents_{{0, 0}};
  std::vector<Bracket> brackets_;
  std::vector<Mode> modes_;
  // The operators (longest first) and keywords of the token table, by first character.
  std::array<std::vector<Spelling>, 128> operators_;
  std::array<std::vector<Spelling>, 128> keywords_;
};

std::vector<Token> Lexer::Run() {
  if (!CheckWholeFile()) return std::move(out_);
  if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    pos_ = 3;
    col_ = 2;
  }
  while (!failed_) {
    if (!modes_.empty() && modes_.back().kind != ModeKind::kField) {
      LexFStringText();
    } else {
      LexNormal();
      if (!out_.empty() && out_.back().kind == TokenKind::kEndMarker) break;
    }
  }
  return std::move(out_);
}

// Size, encoding and NUL bytes, before anything else reads the text.
bool Lexer::CheckWholeFile() {
  if (text_.size() > kMaxSourceBytes) {
    Fail(absl::StrFormat("file too large (%d bytes; the limit is %d)", text_.size(),
                         kMaxSourceBytes),
         {1, 1});
    return false;
  }
  size_t bad = FindInvalidUtf8(text_);
  size_t nul = text_.find('\0');
  if (nul != std::string::npos && (bad == std::string_view::npos || nul < bad)) {
    Fail("source code cannot contain null bytes", LocationOf(text_, nul));
    return false;
  }
  if (bad != std::string_view::npos) {
    Fail("file is not valid UTF-8", LocationOf(text_, bad));
    return false;
  }
  return true;
}

// At the start of a logical line outside brackets: skips blank and comment-only lines, then
// compares the indentation with the stack and emits INDENT or DEDENTs.
void Lexer::Indentation() {
  for (;;) {
    int col = 0, altcol = 0;
    for (;;) {
      char c = Peek();
      if (c == ' ') {
        ++col;
        ++altcol;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
        ++altcol;
      } else if (c == '\f') {
        col = altcol = 0;
      } else if (c == '\r' && Peek(1) != '\n') {
        // A lone carriage return is whitespace.
      } else {
        break;
      }
      Advance();
    }
    if (Peek() == '#') SkipComment();
    if (AtEnd()) return;  // EndOfFile() closes the blocks
    if (AtNewline()) {
      SkipNewline();
      continue;  // blank line: indentation means nothing
    }
    at_line_start_ = false;
    SourceLoc at = Loc();
    const Indent& top = indents_.back();
    constexpr const char* kTabError = "inconsistent use of tabs and spaces in indentation";
    if (col == top.col) {
      if (altcol != top.altcol) Fail(kTabError, at);
    } else if (col > top.col) {
      if (altcol <= top.altcol) return Fail(kTabError, at);
      if (static_cast<int>(indents_.size()) > kMaxNesting) {
        return Fail(absl::StrFormat("too deeply nested (the limit is %d)", kMaxNesting), at);
      }
      indents_.push_back({col, altcol});
      Token& t = out_.emplace_back();
      t.kind = TokenKind::kIndent;
      t.span = {{at.line, 1}, at};
    } else {
      size_t keep = indents_.size();
      while (keep > 1 && col < indents_[keep - 1].col) --keep;
      if (col != indents_[keep - 1].col) {
        return Fail("unindent does not match any outer indentation level", at);
      }
      if (altcol != indents_[keep - 1].altcol) return Fail(kTabError, at);
      while (indents_.size() > keep) {
        indents_.pop_back();
        Token& t = out_.emplace_back();
        t.kind = TokenKind::kDedent;
        t.span = {at, at};
      }
    }
    return;
  }
}

// One token (or line break, or the end of the file) in ordinary code, which includes the
// expression of an f-string replacement field.
void Lexer::LexNormal() {
  if (at_line_start_ && brackets_.empty()) {
    Indentation();
    if (failed_) return;
  }
  for (;;) {
    char c = Peek();
    if (c == ' ' || c == '\t' || c == '\f' || (c == '\r' && Peek(1) != '\n')) {
      Advance();
    } else if (c == '\\') {
      Advance();
      if (AtNewline()) {
        SourceLoc at = Loc();
        SkipNewline();
        if (AtEnd()) return Fail("unexpected EOF while parsing", at);
      } else if (AtEnd()) {
        return Fail("unexpected EOF while parsing", Loc());
      } else {
        return Fail("unexpected character after line continuation character", Loc());
      }
    } else if (c == '#') {
      SkipComment();
    } else {
      break;
    }
  }
  if (AtEnd()) return EndOfFile();
  if (AtNewline()) {
    SourceLoc at = Loc();
    size_t begin_pos = pos_;
    if (!modes_.empty() && !modes_.back().triple) {
      const Mode& m = modes_.back();
      return Fail(absl::StrFormat("unterminated f-string literal (detected at line %d)", line_),
                  m.start);
    }
    SkipNewline();
    if (brackets_.empty()) {
      TokenKind last = out_.empty() ? TokenKind::kNewline : out_.back().kind;
      if (last != TokenKind::kNewline && last != TokenKind::kIndent &&
          last != TokenKind::kDedent) {
        Token& t = Emit(TokenKind::kNewline, begin_pos, at);
        t.span.end = {at.line, at.column + 1};
      }
      at_line_start_ = true;
    }
    return;
  }
  LexToken();
}

void Lexer::EndOfFile() {
  if (!modes_.empty()) {
    const Mode& m = modes_.back();
    return Fail(absl::StrFormat("unterminated %sf-string literal (detected at line %d)",
                                m.triple ? "triple-quoted " : "", DetectedLine()),
                m.start);
  }
  if (!brackets_.empty()) {
    const Bracket& b = brackets_.back();
    return Fail(absl::StrFormat("'%c' was never closed", b.open), b.loc);
  }
  SourceLoc at = Loc();
  if (!out_.empty() && out_.back().kind != TokenKind::kNewline &&
      out_.back().kind != TokenKind::kDedent) {
    Emit(TokenKind::kNewline, pos_, at);
  }
  while (indents_.size() > 1) {
    indents_.pop_back();
    Emit(TokenKind::kDedent, pos_, at);
  }
  Emit(TokenKind::kEndMarker, pos_, at);
}

void Lexer::OpenBracket(char open, SourceLoc at) {
  if (static_cast<int>(brackets_.size()) >= kMaxNesting) {
    return Fail("too many nested parentheses", at);
  }
  brackets_.push_back({open, at});
}

void Lexer::LexToken() {
  SourceLoc begin = Loc();
  size_t begin_pos = pos_;
  char c = Peek();
  unsigned char uc = static_cast<unsigned char>(c);

  // Inside an f-string replacement field, at its own bracket level, `}` ends the field, `:`
  // starts the format spec and `!` (not `!=`) the conversion.
  if (!modes_.empty() && modes_.back().kind == ModeKind::kField &&
      brackets_.size() == modes_.back().bracket_level) {
    if (c == '}') {
      Advance();
      Emit(TokenKind::kRBrace, begin_pos, begin);
      brackets_.pop_back();
      modes_.pop_back();
      return;
    }
    if (c == ':') {
      Advance();
      Emit(TokenKind::kColon, begin_pos, begin);
      Mode spec = modes_.back();
      spec.kind = ModeKind::kSpec;
      modes_.push_back(spec);
      return;
    }
    // The f-string's own quote may open a nested string (PEP 701: f"{d["k"]}"), but with no
    // partner on the line it is the f-string's end, reached too early: f"{x".
    const Mode& m = modes_.back();
    if (c == m.quote && !m.triple) {
      size_t close = text_.find_first_of(std::string{m.quote, '\n'}, pos_ + 1);
      if (close == std::string::npos || text_[close] == '\n') {
        return Fail("f-string: expecting '}'", begin);
      }
    }
  }

  if (IsAsciiIdentStart(c) || uc >= 0x80) {
    // A string prefix is one or two letters glued to a quote.
    for (size_t n = 1; n <= 2; ++n) {
      if (!IsQuote(Peek(n))) continue;
      StringPrefix prefix = ParsePrefix(std::string_view(text_).substr(pos_, n));
      if (!prefix.valid) break;
      for (size_t i = 0; i < n; ++i) Advance();
      return LexString(begin_pos, begin, prefix);
    }
    return LexName();
  }
  if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber();
  if (IsQuote(c)) return LexString(begin_pos, begin, StringPrefix{true, false, false, false});

  // Operators: the longest spelling that matches.
  if (uc < 0x80) {
    for (const Spelling& op : operators_[uc]) {
      size_t len = op.text.size();
      if (std::string_view(text_).substr(pos_, len) != op.text) continue;
      if (len == 1) {
        if (c == '(' || c == '[' || c == '{') {
          OpenBracket(c, begin);
          if (failed_) return;
        } else if (c == ')' || c == ']' || c == '}') {
          if (brackets_.empty()) return Fail(absl::StrFormat("unmatched '%c'", c), begin);
          const Bracket& open = brackets_.back();
          char want = open.open == '(' ? ')' : open.open == '[' ? ']' : '}';
          if (c != want) {
            if (open.loc.line != begin.line) {
              return Fail(absl::StrFormat("closing parenthesis '%c' does not match opening "
                                          "parenthesis '%c' on line %d",
                                          c, open.open, open.loc.line),
                          begin);
            }
            return Fail(absl::StrFormat(
                            "closing parenthesis '%c' does not match opening parenthesis '%c'",
                            c, open.open),
                        begin);
          }
          brackets_.pop_back();
        }
      }
      for (size_t i = 0; i < len; ++i) Advance();
      Emit(op.kind, begin_pos, begin);
      return;
    }
  }
  if (uc < 0x20 || uc == 0x7F) return FailInvalidCharacter(uc, begin);
  Fail("invalid syntax", begin);  // $, ?, `: no Python token starts with them
}

void Lexer::LexName() {
  SourceLoc begin = Loc();
  size_t begin_pos = pos_;
  bool first = true;
  while (!AtEnd()) {
    char c = Peek();
    if (IsAsciiIdentChar(c)) {
      Advance();
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      int len;
      uint32_t cp = DecodeUtf8(text_, pos_, &len);
      IdentClass cls = ClassifyNonAscii(cp);
      if (first ? cls != kIdentStart : cls == kNotIdent) {
        if (first) return FailInvalidCharacter(cp, begin);
        break;  // the next token reports it
      }
      AdvanceCodePoint();
    } else {
      break;
    }
    first = false;
  }
  Token& t = Emit(TokenKind::kName, begin_pos, begin);
  unsigned char first_char = static_cast<unsigned char>(t.text[0]);
  if (first_char < 0x80) {
    for (const Spelling& kw : keywords_[first_char]) {
      if (kw.text == t.text) {
        t.kind = kw.kind;
        break;
      }
    }
  }
}

// digitpart: digit (['_'] digit)*
bool Lexer::ScanDigitPart(std::string* digits) {
  while (IsDigit(Peek())) {
    digits->push_back(Peek());
    Advance();
    if (Peek() == '_') {
      if (!IsDigit(Peek(1))) {
        Fail("invalid decimal literal", Loc());
        return false;
      }
      Advance();
    }
  }
  return true;
}

// A number may not run into a name (`1abc`), except a keyword that may follow it (`1if x`):
// CPython accepts those with a warning.
bool Lexer::CheckNumberEnd(const char* kind, SourceLoc begin) {
  char c = Peek();
  bool ident = IsAsciiIdentChar(c);
  if (!ident && static_cast<unsigned char>(c) >= 0x80) {
    int len;
    ident = ClassifyNonAscii(DecodeUtf8(text_, pos_, &len)) != kNotIdent;
  }
  if (!ident) return true;
  std::string_view rest = std::string_view(text_).substr(pos_);
  for (std::string_view kw : {"and", "else", "for", "if", "in", "is", "not", "or"}) {
    if (rest.substr(0, kw.size()) == kw) return true;
  }
  Fail(absl::StrCat("invalid ", kind, " literal"), begin);
  return false;
}

void Lexer::LexNumber() {
  SourceLoc begin = Loc();
  size_t begin_pos = pos_;
  char k = static_cast<char>(Peek(1) | 0x20);
  if (Peek() == '0' && (k == 'x' || k == 'o' || k == 'b')) {
    int base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
    const char* kind = k == 'x' ? "hexadecimal" : k == 'o' ? "octal" : "binary";
    Advance();
    Advance();
    std::string digits;
    for (;;) {
      if (Peek() == '_') {
        if (!IsDigitOfBase(Peek(1), base)) break;  // reported below
        Advance();
      }
      if (!IsDigitOfBase(Peek(), base)) break;
      digits.push_back(Peek());
      Advance();
    }
    if (base != 16 && IsDigit(Peek())) {
      return Fail(absl::StrFormat("invalid digit '%c' in %s literal", Peek(), kind), Loc());
    }
    if (digits.empty() || Peek() == '_') {
      return Fail(absl::StrCat("invalid ", kind, " literal"), begin);
    }
    if (!CheckNumberEnd(kind, begin)) return;
    Token& t = Emit(TokenKind::kNumber, begin_pos, begin);
    t.is_big = !ParseInt(digits, base, &t.int_value);
    return;
  }

  std::string digits;
  if (!ScanDigitPart(&digits)) return;
  std::string integer_part = digits;
  bool is_float = false;
  if (Peek() == '.') {
    is_float = true;
    digits.push_back('.');
    Advance();
    if (!ScanDigitPart(&digits)) return;
  }
  if (Peek() == 'e' || Peek() == 'E') {
    // Only an exponent if digits follow; otherwise the `e` starts the next token (`1else`).
    char s = Peek(1);
    if (IsDigit(s) || ((s == '+' || s == '-') && IsDigit(Peek(2)))) {
      is_float = true;
      digits.push_back('e');
      Advance();
      if (s == '+' || s == '-') {
        digits.push_back(s);
        Advance();
      }
      if (!ScanDigitPart(&digits)) return;
    }
  }
  if (Peek() == 'j' || Peek() == 'J') {
    return Fail("unsupported in scenarios: complex numbers", begin);
  }
  if (!is_float && integer_part.size() > 1 && integer_part[0] == '0' &&
      integer_part.find_first_not_of('0') != std::string::npos) {
    return Fail(
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
        "octal integers",
        begin);
  }
  if (!CheckNumberEnd("decimal", begin)) return;
  Token& t = Emit(TokenKind::kNumber, begin_pos, begin);
  if (is_float) {
    t.is_float = true;
    t.float_value = ParseFloat(digits.front() == '.' ? "0" + digits : digits);
  } else {
    t.is_big = !ParseInt(digits, 10, &t.int_value);
  }
}

// A plain or bytes string literal, or the start of an f-string. The cursor is on the quote.
void Lexer::LexString(size_t begin_pos, SourceLoc begin, StringPrefix prefix) {
  char quote = Peek();
  bool triple = Peek(1) == quote && Peek(2) == quote;
  for (int i = 0; i < (triple ? 3 : 1); ++i) Advance();
  if (prefix.fstring) {
    Emit(TokenKind::kFStringStart, begin_pos, begin);
    modes_.push_back({ModeKind::kText, quote, triple, prefix.raw, begin, 0});
    return;
  }
  std::string value;
  for (;;) {
    if (AtEnd()) {
      return Fail(absl::StrFormat("unterminated %sstring literal (detected at line %d)",
                                  triple ? "triple-quoted " : "", DetectedLine()),
                  begin);
    }
    char c = Peek();
    if (c == quote) {
      if (!triple) {
        Advance();
        break;
      }
      if (Peek(1) == quote && Peek(2) == quote) {
        Advance();
        Advance();
        Advance();
        break;
      }
      value.push_back(c);
      Advance();
    } else if (AtNewline() || c == '\r') {
      if (!triple) {
        return Fail(absl::StrFormat("unterminated string literal (detected at line %d)", line_),
                    begin);
      }
      value.push_back('\n');  // universal newlines, as Python reads source files
      if (c == '\r' && Peek(1) == '\n') Advance();
      Advance();
    } else if (c == '\\') {
      if (!DecodeEscape(prefix.raw, prefix.bytes, &value)) return;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      if (prefix.bytes) return Fail("bytes can only contain ASCII literal characters", begin);
      size_t from = pos_;
      AdvanceCodePoint();
      value.append(text_, from, pos_ - from);
    } else {
      value.push_back(c);
      Advance();
    }
  }
  Token& t = Emit(TokenKind::kString, begin_pos, begin);
  t.value = std::move(value);
  t.is_bytes = prefix.bytes;
}

// The cursor is on a backslash inside a literal. Appends what it stands for; false after a
// failure. The escaped character never ends the literal, even in a raw string.
bool Lexer::DecodeEscape(bool raw, bool bytes, std::string* value) {
  SourceLoc at = Loc();
  Advance();
  if (AtEnd()) return true;  // the caller reports the unterminated literal
  char c = Peek();
  if (raw) {
    value->push_back('\\');
    if (AtNewline()) {
      value->push_back('\n');
      SkipNewline();
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      if (bytes) {
        Fail("bytes can only contain ASCII literal characters", at);
        return false;
      }
      size_t from = pos_;
      AdvanceCodePoint();
      value->append(text_, from, pos_ - from);
    } else {
      value->push_back(c);
      Advance();
    }
    return true;
  }
  auto hex = [&](int count, uint32_t* out) {
    uint32_t v = 0;
    for (int i = 0; i < count; ++i) {
      char h = Peek(1 + i);
      if (!IsDigitOfBase(h, 16)) return false;
      v = v * 16 + static_cast<uint32_t>(DigitValue(h));
    }
    *out = v;
    for (int i = 0; i <= count; ++i) Advance();
    return true;
  };
  switch (c) {
    case '\n': Advance(); return true;  // line continuation inside the literal
    case '\r':
      if (Peek(1) == '\n') Advance();
      Advance();
      return true;
    case '\\': case '\'': case '"': value->push_back(c); break;
    case 'a': value->push_back('\a'); break;
    case 'b': value->push_back('\b'); break;
    case 'f': value->push_back('\f'); break;
    case 'n': value->push_back('\n'); break;
    case 'r': value->push_back('\r'); break;
    case 't': value->push_back('\t'); break;
    case 'v': value->push_back('\v'); break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      uint32_t v = 0;
      for (int i = 0; i < 3 && Peek() >= '0' && Peek() <= '7'; ++i) {
        v = v * 8 + static_cast<uint32_t>(Peek() - '0');
        Advance();
      }
      if (bytes) {
        value->push_back(static_cast<char>(v & 0xFF));
      } else {
        AppendUtf8(v, value);
      }
      return true;
    }
    case 'x': {
      uint32_t v;
      if (!hex(2, &v)) {
        Fail(bytes ? "(value error) invalid \\x escape"
                   : "(unicode error) truncated \\xXX escape",
             at);
        return false;
      }
      if (bytes) {
        value->push_back(static_cast<char>(v));
      } else {
        AppendUtf8(v, value);
      }
      return true;
    }
    case 'u': case 'U': case 'N': {
      if (bytes) {  // not escapes in bytes literals
        value->push_back('\\');
        return true;
      }
      if (c == 'N') {
        Fail("unsupported in scenarios: \\N{...} escapes", at);
        return false;
      }
      uint32_t v;
      if (!hex(c == 'u' ? 4 : 8, &v)) {
        Fail(c == 'u' ? "(unicode error) truncated \\uXXXX escape"
                      : "(unicode error) truncated \\UXXXXXXXX escape",
             at);
        return false;
      }
      if (v > 0x10FFFF) {
        Fail("(unicode error) illegal Unicode character", at);
        return false;
      }
      if (v >= 0xD800 && v <= 0xDFFF) {
        Fail("unsupported in scenarios: surrogate code points in strings", at);
        return false;
      }
      AppendUtf8(v, value);
      return true;
    }
    default:
      // An unknown escape keeps its backslash (Python warns); the character is read normally.
      value->push_back('\\');
      return true;
  }
  Advance();
  return true;
}

// The literal text of an f-string or of a format spec, up to the next `{`, `}` or the closing
// quote; emits one FSTRING_MIDDLE for the text, or the `{`, `}` or FSTRING_END that stops it.
void Lexer::LexFStringText() {
  const Mode m = modes_.back();
  bool spec = m.kind == ModeKind::kSpec;
  SourceLoc begin = Loc();
  size_t begin_pos = pos_;
  std::string value;
  auto flush = [&]() {
    Token& t = Emit(TokenKind::kFStringMiddle, begin_pos, begin);
    t.value = std::move(value);
  };
  for (;;) {
    if (AtEnd()) {
      return Fail(absl::StrFormat("unterminated %sf-string literal (detected at line %d)",
                                  m.triple ? "triple-quoted " : "", DetectedLine()),
                  m.start);
    }
    char c = Peek();
    bool at_quote = c == m.quote && (!m.triple || (Peek(1) == m.quote && Peek(2) == m.quote));
    if (at_quote) {
      if (spec) return Fail("f-string: expecting '}'", Loc());
      if (pos_ > begin_pos) return flush();
      for (int i = 0; i < (m.triple ? 3 : 1); ++i) Advance();
      Emit(TokenKind::kFStringEnd, begin_pos, begin);
      modes_.pop_back();
      return;
    }
    if (c == '{') {
      if (!spec && Peek(1) == '{') {
        value.push_back('{');
        Advance();
        Advance();
        continue;
      }
      if (pos_ > begin_pos) return flush();
      OpenBracket('{', begin);
      if (failed_) return;
      Advance();
      Emit(TokenKind::kLBrace, begin_pos, begin);
      Mode field = m;
      field.kind = ModeKind::kField;
      field.bracket_level = brackets_.size();
      modes_.push_back(field);
      return;
    }
    if (c == '}') {
      if (!spec) {
        if (Peek(1) != '}') return Fail("f-string: single '}' is not allowed", Loc());
        value.push_back('}');
        Advance();
        Advance();
        continue;
      }
      if (pos_ > begin_pos) return flush();
      Advance();
      Emit(TokenKind::kRBrace, begin_pos, begin);
      brackets_.pop_back();
      modes_.pop_back();  // the spec
      modes_.pop_back();  // the field
      return;
    }
    if (AtNewline() || c == '\r') {
      if (!m.triple) {
        if (spec) return Fail("f-string: expecting '}'", Loc());
        return Fail(absl::StrFormat("unterminated f-string literal (detected at line %d)", line_),
                    m.start);
      }
      value.push_back('\n');
      if (c == '\r' && Peek(1) == '\n') Advance();
      Advance();
    } else if (c == '\\') {
      if (Peek(1) == '{' || Peek(1) == '}') {
        // Not an escape: the backslash stays and the brace keeps its meaning.
        value.push_back('\\');
        Advance();
      } else if (!DecodeEscape(m.raw, false, &value)) {
        return;
      }
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      size_t from = pos_;
      AdvanceCodePoint();
      value.append(text_, from, pos_ - from);
    } else {
      value.push_back(c);
      Advance();
    }
  }
}

// XID_Start (S) and XID_Continue-only (C) ranges above U+007F, from Unicode 14.0 (generated with
// Python 3.11's str.isidentifier()). Sorted; the gaps are not identifier characters.
struct IdentRange {
  uint32_t first;
  uint32_t last;
  IdentClass cls;
};
namespace ident_table {
constexpr IdentClass C = kIdentContinue;  // short names keep the table compact
constexpr IdentClass S = kIdentStart;
constexpr IdentRange kIdentRanges[] = {
    {0xAA, 0xAA, S}, {0xB5, 0xB5, S}, {0xB7, 0xB7, C}, {0xBA, 0xBA, S}, {0xC0, 0xD6, S},
    {0xD8, 0xF6, S}, {0xF8, 0x2C1, S}, {0x2C6, 0x2D1, S}, {0x2E0, 0x2E4, S}, {0x2EC, 0x2EC, S},
    {0x2EE, 0x2EE, S}, {0x300, 0x36F, C}, {0x370, 0x374, S}, {0x376, 0x377, S}, {0x37B, 0x37D, S},
    {0x37F, 0x37F, S}, {0x386, 0x386, S}, {0x387, 0x387, C}, {0x388, 0x38A, S}, {0x38C, 0x38C, S},
    {0x38E, 0x3A1, S}, {0x3A3, 0x3F5, S}, {0x3F7, 0x481, S}, {0x483, 0x487, C}, {0x48A, 0x52F, S},
    {0x531, 0x556, S}, {0x559, 0x559, S}, {0x560, 0x588, S}, {0x591, 0x5BD, C}, {0x5BF, 0x5BF, C},
    {0x5C1, 0x5C2, C}, {0x5C4, 0x5C5, C}, {0x5C7, 0x5C7, C}, {0x5D0, 0x5EA, S}, {0x5EF, 0x5F2, S},
    {0x610, 0x61A, C}, {0x620, 0x64A, S}, {0x64B, 0x669, C}, {0x66E, 0x66F, S}, {0x670, 0x670, C},
    {0x671, 0x6D3, S}, {0x6D5, 0x6D5, S}, {0x6D6, 0x6DC, C}, {0x6DF, 0x6E4, C}, {0x6E5, 0x6E6, S},
    {0x6E7, 0x6E8, C}, {0x6EA, 0x6ED, C}, {0x6EE, 0x6EF, S}, {0x6F0, 0x6F9, C}, {0x6FA, 0x6FC, S},
    {0x6FF, 0x6FF, S}, {0x710, 0x710, S}, {0x711, 0x711, C}, {0x712, 0x72F, S}, {0x730, 0x74A, C},
    {0x74D, 0x7A5, S}, {0x7A6, 0x7B0, C}, {0x7B1, 0x7B1, S}, {0x7C0, 0x7C9, C}, {0x7CA, 0x7EA, S},
    {0x7EB, 0x7F3, C}, {0x7F4, 0x7F5, S}, {0x7FA, 0x7FA, S}, {0x7FD, 0x7FD, C}, {0x800, 0x815, S},
    {0x816, 0x819, C}, {0x81A, 0x81A, S}, {0x81B, 0x823, C}, {0x824, 0x824, S}, {0x825, 0x827, C},
    {0x828, 0x828, S}, {0x829, 0x82D, C}, {0x840, 0x858, S}, {0x859, 0x85B, C}, {0x860, 0x86A, S},
    {0x870, 0x887, S}, {0x889, 0x88E, S}, {0x898, 0x89F, C}, {0x8A0, 0x8C9, S}, {0x8CA, 0x8E1, C},
    {0x8E3, 0x903, C}, {0x904, 0x939, S}, {0x93A, 0x93C, C}, {0x93D, 0x93D, S}, {0x93E, 0x94F, C},
    {0x950, 0x950, S}, {0x951, 0x957, C}, {0x958, 0x961, S}, {0x962, 0x963, C}, {0x966, 0x96F, C},
    {0x971, 0x980, S}, {0x981, 0x983, C}, {0x985, 0x98C, S}, {0x98F, 0x990, S}, {0x993, 0x9A8, S},
    {0x9AA, 0x9B0, S}, {0x9B2, 0x9B2, S}, {0x9B6, 0x9B9, S}, {0x9BC, 0x9BC, C}, {0x9BD, 0x9BD, S},
    {0x9BE, 0x9C4, C}, {0x9C7, 0x9C8, C}, {0x9CB, 0x9CD, C}, {0x9CE, 0x9CE, S}, {0x9D7, 0x9D7, C},
    {0x9DC, 0x9DD, S}, {0x9DF, 0x9E1, S}, {0x9E2, 0x9E3, C}, {0x9E6, 0x9EF, C}, {0x9F0, 0x9F1, S},
    {0x9FC, 0x9FC, S}, {0x9FE, 0x9FE, C}, {0xA01, 0xA03, C}, {0xA05, 0xA0A, S}, {0xA0F, 0xA10, S},
    {0xA13, 0xA28, S}, {0xA2A, 0xA30, S}, {0xA32, 0xA33, S}, {0xA35, 0xA36, S}, {0xA38, 0xA39, S},
    {0xA3C, 0xA3C, C}, {0xA3E, 0xA42, C}, {0xA47, 0xA48, C}, {0xA4B, 0xA4D, C}, {0xA51, 0xA51, C},
    {0xA59, 0xA5C, S}, {0xA5E, 0xA5E, S}, {0xA66, 0xA71, C}, {0xA72, 0xA74, S}, {0xA75, 0xA75, C},
    {0xA81, 0xA83, C}, {0xA85, 0xA8D, S}, {0xA8F, 0xA91, S}, {0xA93, 0xAA8, S}, {0xAAA, 0xAB0, S},
    {0xAB2, 0xAB3, S}, {0xAB5, 0xAB9, S}, {0xABC, 0xABC, C}, {0xABD, 0xABD, S}, {0xABE, 0xAC5, C},
    {0xAC7, 0xAC9, C}, {0xACB, 0xACD, C}, {0xAD0, 0xAD0, S}, {0xAE0, 0xAE1, S}, {0xAE2, 0xAE3, C},
    {0xAE6, 0xAEF, C}, {0xAF9, 0xAF9, S}, {0xAFA, 0xAFF, C}, {0xB01, 0xB03, C}, {0xB05, 0xB0C, S},
    {0xB0F, 0xB10, S}, {0xB13, 0xB28, S}, {0xB2A, 0xB30, S}, {0xB32, 0xB33, S}, {0xB35, 0xB39, S},
    {0xB3C, 0xB3C, C}, {0xB3D, 0xB3D, S}, {0xB3E, 0xB44, C}, {0xB47, 0xB48, C}, {0xB4B, 0xB4D, C},
    {0xB55, 0xB57, C}, {0xB5C, 0xB5D, S}, {0xB5F, 0xB61, S}, {0xB62, 0xB63, C}, {0xB66, 0xB6F, C},
    {0xB71, 0xB71, S}, {0xB82, 0xB82, C}, {0xB83, 0xB83, S}, {0xB85, 0xB8A, S}, {0xB8E, 0xB90, S},
    {0xB92, 0xB95, S}, {0xB99, 0xB9A, S}, {0xB9C, 0xB9C, S}, {0xB9E, 0xB9F, S}, {0xBA3, 0xBA4, S},
    {0xBA8, 0xBAA, S}, {0xBAE, 0xBB9, S}, {0xBBE, 0xBC2, C}, {0xBC6, 0xBC8, C}, {0xBCA, 0xBCD, C},
    {0xBD0, 0xBD0, S}, {0xBD7, 0xBD7, C}, {0xBE6, 0xBEF, C}, {0xC00, 0xC04, C}, {0xC05, 0xC0C, S},
    {0xC0E, 0xC10, S}, {0xC12, 0xC28, S}, {0xC2A, 0xC39, S}, {0xC3C, 0xC3C, C}, {0xC3D, 0xC3D, S},
    {0xC3E, 0xC44, C}, {0xC46, 0xC48, C}, {0xC4A, 0xC4D, C}, {0xC55, 0xC56, C}, {0xC58, 0xC5A, S},
    {0xC5D, 0xC5D, S}, {0xC60, 0xC61, S}, {0xC62, 0xC63, C}, {0xC66, 0xC6F, C}, {0xC80, 0xC80, S},
    {0xC81, 0xC83, C}, {0xC85, 0xC8C, S}, {0xC8E, 0xC90, S}, {0xC92, 0xCA8, S}, {0xCAA, 0xCB3, S},
    {0xCB5, 0xCB9, S}, {0xCBC, 0xCBC, C}, {0xCBD, 0xCBD, S}, {0xCBE, 0xCC4, C}, {0xCC6, 0xCC8, C},
    {0xCCA, 0xCCD, C}, {0xCD5, 0xCD6, C}, {0xCDD, 0xCDE, S}, {0xCE0, 0xCE1, S}, {0xCE2, 0xCE3, C},
    {0xCE6, 0xCEF, C}, {0xCF1, 0xCF2, S}, {0xD00, 0xD03, C}, {0xD04, 0xD0C, S}, {0xD0E, 0xD10, S},
    {0xD12, 0xD3A, S}, {0xD3B, 0xD3C, C}, {0xD3D, 0xD3D, S}, {0xD3E, 0xD44, C}, {0xD46, 0xD48, C},
    {0xD4A, 0xD4D, C}, {0xD4E, 0xD4E, S}, {0xD54, 0xD56, S}, {0xD57, 0xD57, C}, {0xD5F, 0xD61, S},
    {0xD62, 0xD63, C}, {0xD66, 0xD6F, C}, {0xD7A, 0xD7F, S}, {0xD81, 0xD83, C}, {0xD85, 0xD96, S},
    {0xD9A, 0xDB1, S}, {0xDB3, 0xDBB, S}, {0xDBD, 0xDBD, S}, {0xDC0, 0xDC6, S}, {0xDCA, 0xDCA, C},
    {0xDCF, 0xDD4, C}, {0xDD6, 0xDD6, C}, {0xDD8, 0xDDF, C}, {0xDE6, 0xDEF, C}, {0xDF2, 0xDF3, C},
    {0xE01, 0xE30, S}, {0xE31, 0xE31, C}, {0xE32, 0xE32, S}, {0xE33, 0xE3A, C}, {0xE40, 0xE46, S},
    {0xE47, 0xE4E, C}, {0xE50, 0xE59, C}, {0xE81, 0xE82, S}, {0xE84, 0xE84, S}, {0xE86, 0xE8A, S},
    {0xE8C, 0xEA3, S}, {0xEA5, 0xEA5, S}, {0xEA7, 0xEB0, S}, {0xEB1, 0xEB1, C}, {0xEB2, 0xEB2, S},
    {0xEB3, 0xEBC, C}, {0xEBD, 0xEBD, S}, {0xEC0, 0xEC4, S}, {0xEC6, 0xEC6, S}, {0xEC8, 0xECD, C},
    {0xED0, 0xED9, C}, {0xEDC, 0xEDF, S}, {0xF00, 0xF00, S}, {0xF18, 0xF19, C}, {0xF20, 0xF29, C},
    {0xF35, 0xF35, C}, {0xF37, 0xF37, C}, {0xF39, 0xF39, C}, {0xF3E, 0xF3F, C}, {0xF40, 0xF47, S},
    {0xF49, 0xF6C, S}, {0xF71, 0xF84, C}, {0xF86, 0xF87, C}, {0xF88, 0xF8C, S}, {0xF8D, 0xF97, C},
    {0xF99, 0xFBC, C}, {0xFC6, 0xFC6, C}, {0x1000, 0x102A, S}, {0x102B, 0x103E, C},
    {0x103F, 0x103F, S}, {0x1040, 0x1049, C}, {0x1050, 0x1055, S}, {0x1056, 0x1059, C},
    {0x105A, 0x105D, S}, {0x105E, 0x1060, C}, {0x1061, 0x1061, S}, {0x1062, 0x1064, C},
    {0x1065, 0x1066, S}, {0x1067, 0x106D, C}, {0x106E, 0x1070, S}, {0x1071, 0x1074, C},
    {0x1075, 0x1081, S}, {0x1082, 0x108D, C}, {0x108E, 0x108E, S}, {0x108F, 0x109D, C},
    {0x10A0, 0x10C5, S}, {0x10C7, 0x10C7, S}, {0x10CD, 0x10CD, S}, {0x10D0, 0x10FA, S},
    {0x10FC, 0x1248, S}, {0x124A, 0x124D, S}, {0x1250, 0x1256, S}, {0x1258, 0x1258, S},
    {0x125A, 0x125D, S}, {0x1260, 0x1288, S}, {0x128A, 0x128D, S}, {0x1290, 0x12B0, S},
    {0x12B2, 0x12B5, S}, {0x12B8, 0x12BE, S}, {0x12C0, 0x12C0, S}, {0x12C2, 0x12C5, S},
    {0x12C8, 0x12D6, S}, {0x12D8, 0x1310, S}, {0x1312, 0x1315, S}, {0x1318, 0x135A, S},
    {0x135D, 0x135F, C}, {0x1369, 0x1371, C}, {0x1380, 0x138F, S}, {0x13A0, 0x13F5, S},
    {0x13F8, 0x13FD, S}, {0x1401, 0x166C, S}, {0x166F, 0x167F, S}, {0x1681, 0x169A, S},
    {0x16A0, 0x16EA, S}, {0x16EE, 0x16F8, S}, {0x1700, 0x1711, S}, {0x1712, 0x1715, C},
    {0x171F, 0x1731, S}, {0x1732, 0x1734, C}, {0x1740, 0x1751, S}, {0x1752, 0x1753, C},
    {0x1760, 0x176C, S}, {0x176E, 0x1770, S}, {0x1772, 0x1773, C}, {0x1780, 0x17B3, S},
    {0x17B4, 0x17D3, C}, {0x17D7, 0x17D7, S}, {0x17DC, 0x17DC, S}, {0x17DD, 0x17DD, C},
    {0x17E0, 0x17E9, C}, {0x180B, 0x180D, C}, {0x180F, 0x1819, C}, {0x1820, 0x1878, S},
    {0x1880, 0x18A8, S}, {0x18A9, 0x18A9, C}, {0x18AA, 0x18AA, S}, {0x18B0, 0x18F5, S},
    {0x1900, 0x191E, S}, {0x1920, 0x192B, C}, {0x1930, 0x193B, C}, {0x1946, 0x194F, C},
    {0x1950, 0x196D, S}, {0x1970, 0x1974, S}, {0x1980, 0x19AB, S}, {0x19B0, 0x19C9, S},
    {0x19D0, 0x19DA, C}, {0x1A00, 0x1A16, S}, {0x1A17, 0x1A1B, C}, {0x1A20, 0x1A54, S},
    {0x1A55, 0x1A5E, C}, {0x1A60, 0x1A7C, C}, {0x1A7F, 0x1A89, C}, {0x1A90, 0x1A99, C},
    {0x1AA7, 0x1AA7, S}, {0x1AB0, 0x1ABD, C}, {0x1ABF, 0x1ACE, C}, {0x1B00, 0x1B04, C},
    {0x1B05, 0x1B33, S}, {0x1B34, 0x1B44, C}, {0x1B45, 0x1B4C, S}, {0x1B50, 0x1B59, C},
    {0x1B6B, 0x1B73, C}, {0x1B80, 0x1B82, C}, {0x1B83, 0x1BA0, S}, {0x1BA1, 0x1BAD, C},
    {0x1BAE, 0x1BAF, S}, {0x1BB0, 0x1BB9, C}, {0x1BBA, 0x1BE5, S}, {0x1BE6, 0x1BF3, C},
    {0x1C00, 0x1C23, S}, {0x1C24, 0x1C37, C}, {0x1C40, 0x1C49, C}, {0x1C4D, 0x1C4F, S},
    {0x1C50, 0x1C59, C}, {0x1C5A, 0x1C7D, S}, {0x1C80, 0x1C88, S}, {0x1C90, 0x1CBA, S},
    {0x1CBD, 0x1CBF, S}, {0x1CD0, 0x1CD2, C}, {0x1CD4, 0x1CE8, C}, {0x1CE9, 0x1CEC, S},
    {0x1CED, 0x1CED, C}, {0x1CEE, 0x1CF3, S}, {0x1CF4, 0x1CF4, C}, {0x1CF5, 0x1CF6, S},
    {0x1CF7, 0x1CF9, C}, {0x1CFA, 0x1CFA, S}, {0x1D00, 0x1DBF, S}, {0x1DC0, 0x1DFF, C},
    {0x1E00, 0x1F15, S}, {0x1F18, 0x1F1D, S}, {0x1F20, 0x1F45, S}, {0x1F48, 0x1F4D, S},
    {0x1F50, 0x1F57, S}, {0x1F59, 0x1F59, S}, {0x1F5B, 0x1F5B, S}, {0x1F5D, 0x1F5D, S},
    {0x1F5F, 0x1F7D, S}, {0x1F80, 0x1FB4, S}, {0x1FB6, 0x1FBC, S}, {0x1FBE, 0x1FBE, S},
    {0x1FC2, 0x1FC4, S}, {0x1FC6, 0x1FCC, S}, {0x1FD0, 0x1FD3, S}, {0x1FD6, 0x1FDB, S},
    {0x1FE0, 0x1FEC, S}, {0x1FF2, 0x1FF4, S}, {0x1FF6, 0x1FFC, S}, {0x203F, 0x2040, C},
    {0x2054, 0x2054, C}, {0x2071, 0x2071, S}, {0x207F, 0x207F, S}, {0x2090, 0x209C, S},
    {0x20D0, 0x20DC, C}, {0x20E1, 0x20E1, C}, {0x20E5, 0x20F0, C}, {0x2102, 0x2102, S},
    {0x2107, 0x2107, S}, {0x210A, 0x2113, S}, {0x2115, 0x2115, S}, {0x2118, 0x211D, S},
    {0x2124, 0x2124, S}, {0x2126, 0x2126, S}, {0x2128, 0x2128, S}, {0x212A, 0x2139, S},
    {0x213C, 0x213F, S}, {0x2145, 0x2149, S}, {0x214E, 0x214E, S}, {0x2160, 0x2188, S},
    {0x2C00, 0x2CE4, S}, {0x2CEB, 0x2CEE, S}, {0x2CEF, 0x2CF1, C}, {0x2CF2, 0x2CF3, S},
    {0x2D00, 0x2D25, S}, {0x2D27, 0x2D27, S}, {0x2D2D, 0x2D2D, S}, {0x2D30, 0x2D67, S},
    {0x2D6F, 0x2D6F, S}, {0x2D7F, 0x2D7F, C}, {0x2D80, 0x2D96, S}, {0x2DA0, 0x2DA6, S},
    {0x2DA8, 0x2DAE, S}, {0x2DB0, 0x2DB6, S}, {0x2DB8, 0x2DBE, S}, {0x2DC0, 0x2DC6, S},
    {0x2DC8, 0x2DCE, S}, {0x2DD0, 0x2DD6, S}, {0x2DD8, 0x2DDE, S}, {0x2DE0, 0x2DFF, C},
    {0x3005, 0x3007, S}, {0x3021, 0x3029, S}, {0x302A, 0x302F, C}, {0x3031, 0x3035, S},
    {0x3038, 0x303C, S}, {0x3041, 0x3096, S}, {0x3099, 0x309A, C}, {0x309D, 0x309F, S},
    {0x30A1, 0x30FA, S}, {0x30FC, 0x30FF, S}, {0x3105, 0x312F, S}, {0x3131, 0x318E, S},
    {0x31A0, 0x31BF, S}, {0x31F0, 0x31FF, S}, {0x3400, 0x4DBF, S}, {0x4E00, 0xA48C, S},
    {0xA4D0, 0xA4FD, S}, {0xA500, 0xA60C, S}, {0xA610, 0xA61F, S}, {0xA620, 0xA629, C},
    {0xA62A, 0xA62B, S}, {0xA640, 0xA66E, S}, {0xA66F, 0xA66F, C}, {0xA674, 0xA67D, C},
    {0xA67F, 0xA69D, S}, {0xA69E, 0xA69F, C}, {0xA6A0, 0xA6EF, S}, {0xA6F0, 0xA6F1, C},
    {0xA717, 0xA71F, S}, {0xA722, 0xA788, S}, {0xA78B, 0xA7CA, S}, {0xA7D0, 0xA7D1, S},
    {0xA7D3, 0xA7D3, S}, {0xA7D5, 0xA7D9, S}, {0xA7F2, 0xA801, S}, {0xA802, 0xA802, C},
    {0xA803, 0xA805, S}, {0xA806, 0xA806, C}, {0xA807, 0xA80A, S}, {0xA80B, 0xA80B, C},
    {0xA80C, 0xA822, S}, {0xA823, 0xA827, C}, {0xA82C, 0xA82C, C}, {0xA840, 0xA873, S},
    {0xA880, 0xA881, C}, {0xA882, 0xA8B3, S}, {0xA8B4, 0xA8C5, C}, {0xA8D0, 0xA8D9, C},
    {0xA8E0, 0xA8F1, C}, {0xA8F2, 0xA8F7, S}, {0xA8FB, 0xA8FB, S}, {0xA8FD, 0xA8FE, S},
    {0xA8FF, 0xA909, C}, {0xA90A, 0xA925, S}, {0xA926, 0xA92D, C}, {0xA930, 0xA946, S},
    {0xA947, 0xA953, C}, {0xA960, 0xA97C, S}, {0xA980, 0xA983, C}, {0xA984, 0xA9B2, S},
    {0xA9B3, 0xA9C0, C}, {0xA9CF, 0xA9CF, S}, {0xA9D0, 0xA9D9, C}, {0xA9E0, 0xA9E4, S},
    {0xA9E5, 0xA9E5, C}, {0xA9E6, 0xA9EF, S}, {0xA9F0, 0xA9F9, C}, {0xA9FA, 0xA9FE, S},
    {0xAA00, 0xAA28, S}, {0xAA29, 0xAA36, C}, {0xAA40, 0xAA42, S}, {0xAA43, 0xAA43, C},
    {0xAA44, 0xAA4B, S}, {0xAA4C, 0xAA4D, C}, {0xAA50, 0xAA59, C}, {0xAA60, 0xAA76, S},
    {0xAA7A, 0xAA7A, S}, {0xAA7B, 0xAA7D, C}, {0xAA7E, 0xAAAF, S}, {0xAAB0, 0xAAB0, C},
    {0xAAB1, 0xAAB1, S}, {0xAAB2, 0xAAB4, C}, {0xAAB5, 0xAAB6, S}, {0xAAB7, 0xAAB8, C},
    {0xAAB9, 0xAABD, S}, {0xAABE, 0xAABF, C}, {0xAAC0, 0xAAC0, S}, {0xAAC1, 0xAAC1, C},
    {0xAAC2, 0xAAC2, S}, {0xAADB, 0xAADD, S}, {0xAAE0, 0xAAEA, S}, {0xAAEB, 0xAAEF, C},
    {0xAAF2, 0xAAF4, S}, {0xAAF5, 0xAAF6, C}, {0xAB01, 0xAB06, S}, {0xAB09, 0xAB0E, S},
    {0xAB11, 0xAB16, S}, {0xAB20, 0xAB26, S}, {0xAB28, 0xAB2E, S}, {0xAB30, 0xAB5A, S},
    {0xAB5C, 0xAB69, S}, {0xAB70, 0xABE2, S}, {0xABE3, 0xABEA, C}, {0xABEC, 0xABED, C},
    {0xABF0, 0xABF9, C}, {0xAC00, 0xD7A3, S}, {0xD7B0, 0xD7C6, S}, {0xD7CB, 0xD7FB, S},
    {0xF900, 0xFA6D, S}, {0xFA70, 0xFAD9, S}, {0xFB00, 0xFB06, S}, {0xFB13, 0xFB17, S},
    {0xFB1D, 0xFB1D, S}, {0xFB1E, 0xFB1E, C}, {0xFB1F, 0xFB28, S}, {0xFB2A, 0xFB36, S},
    {0xFB38, 0xFB3C, S}, {0xFB3E, 0xFB3E, S}, {0xFB40, 0xFB41, S}, {0xFB43, 0xFB44, S},
    {0xFB46, 0xFBB1, S}, {0xFBD3, 0xFC5D, S}, {0xFC64, 0xFD3D, S}, {0xFD50, 0xFD8F, S},
    {0xFD92, 0xFDC7, S}, {0xFDF0, 0xFDF9, S}, {0xFE00, 0xFE0F, C}, {0xFE20, 0xFE2F, C},
    {0xFE33, 0xFE34, C}, {0xFE4D, 0xFE4F, C}, {0xFE71, 0xFE71, S}, {0xFE73, 0xFE73, S},
    {0xFE77, 0xFE77, S}, {0xFE79, 0xFE79, S}, {0xFE7B, 0xFE7B, S}, {0xFE7D, 0xFE7D, S},
    {0xFE7F, 0xFEFC, S}, {0xFF10, 0xFF19, C}, {0xFF21, 0xFF3A, S}, {0xFF3F, 0xFF3F, C},
    {0xFF41, 0xFF5A, S}, {0xFF66, 0xFF9D, S}, {0xFF9E, 0xFF9F, C}, {0xFFA0, 0xFFBE, S},
    {0xFFC2, 0xFFC7, S}, {0xFFCA, 0xFFCF, S}, {0xFFD2, 0xFFD7, S}, {0xFFDA, 0xFFDC, S},
    {0x10000, 0x1000B, S}, {0x1000D, 0x10026, S}, {0x10028, 0x1003A, S}, {0x1003C, 0x1003D, S},
    {0x1003F, 0x1004D, S}, {0x10050, 0x1005D, S}, {0x10080, 0x100FA, S}, {0x10140, 0x10174, S},
    {0x101FD, 0x101FD, C}, {0x10280, 0x1029C, S}, {0x102A0, 0x102D0, S}, {0x102E0, 0x102E0, C},
    {0x10300, 0x1031F, S}, {0x1032D, 0x1034A, S}, {0x10350, 0x10375, S}, {0x10376, 0x1037A, C},
    {0x10380, 0x1039D, S}, {0x103A0, 0x103C3, S}, {0x103C8, 0x103CF, S}, {0x103D1, 0x103D5, S},
    {0x10400, 0x1049D, S}, {0x104A0, 0x104A9, C}, {0x104B0, 0x104D3, S}, {0x104D8, 0x104FB, S},
    {0x10500, 0x10527, S}, {0x10530, 0x10563, S}, {0x10570, 0x1057A, S}, {0x1057C, 0x1058A, S},
    {0x1058C, 0x10592, S}, {0x10594, 0x10595, S}, {0x10597, 0x105A1, S}, {0x105A3, 0x105B1, S},
    {0x105B3, 0x105B9, S}, {0x105BB, 0x105BC, S}, {0x10600, 0x10736, S}, {0x10740, 0x10755, S},
    {0x10760, 0x10767, S}, {0x10780, 0x10785, S}, {0x10787, 0x107B0, S}, {0x107B2, 0x107BA, S},
    {0x10800, 0x10805, S}, {0x10808, 0x10808, S}, {0x1080A, 0x10835, S}, {0x10837, 0x10838, S},
    {0x1083C, 0x1083C, S}, {0x1083F, 0x10855, S}, {0x10860, 0x10876, S}, {0x10880, 0x1089E, S},
    {0x108E0, 0x108F2, S}, {0x108F4, 0x108F5, S}, {0x10900, 0x10915, S}, {0x10920, 0x10939, S},
    {0x10980, 0x109B7, S}, {0x109BE, 0x109BF, S}, {0x10A00, 0x10A00, S}, {0x10A01, 0x10A03, C},
    {0x10A05, 0x10A06, C}, {0x10A0C, 0x10A0F, C}, {0x10A10, 0x10A13, S}, {0x10A15, 0x10A17, S},
    {0x10A19, 0x10A35, S}, {0x10A38, 0x10A3A, C}, {0x10A3F, 0x10A3F, C}, {0x10A60, 0x10A7C, S},
    {0x10A80, 0x10A9C, S}, {0x10AC0, 0x10AC7, S}, {0x10AC9, 0x10AE4, S}, {0x10AE5, 0x10AE6, C},
    {0x10B00, 0x10B35, S}, {0x10B40, 0x10B55, S}, {0x10B60, 0x10B72, S}, {0x10B80, 0x10B91, S},
    {0x10C00, 0x10C48, S}, {0x10C80, 0x10CB2, S}, {0x10CC0, 0x10CF2, S}, {0x10D00, 0x10D23, S},
    {0x10D24, 0x10D27, C}, {0x10D30, 0x10D39, C}, {0x10E80, 0x10EA9, S}, {0x10EAB, 0x10EAC, C},
    {0x10EB0, 0x10EB1, S}, {0x10F00, 0x10F1C, S}, {0x10F27, 0x10F27, S}, {0x10F30, 0x10F45, S},
    {0x10F46, 0x10F50, C}, {0x10F70, 0x10F81, S}, {0x10F82, 0x10F85, C}, {0x10FB0, 0x10FC4, S},
    {0x10FE0, 0x10FF6, S}, {0x11000, 0x11002, C}, {0x11003, 0x11037, S}, {0x11038, 0x11046, C},
    {0x11066, 0x11070, C}, {0x11071, 0x11072, S}, {0x11073, 0x11074, C}, {0x11075, 0x11075, S},
    {0x1107F, 0x11082, C}, {0x11083, 0x110AF, S}, {0x110B0, 0x110BA, C}, {0x110C2, 0x110C2, C},
    {0x110D0, 0x110E8, S}, {0x110F0, 0x110F9, C}, {0x11100, 0x11102, C}, {0x11103, 0x11126, S},
    {0x11127, 0x11134, C}, {0x11136, 0x1113F, C}, {0x11144, 0x11144, S}, {0x11145, 0x11146, C},
    {0x11147, 0x11147, S}, {0x11150, 0x11172, S}, {0x11173, 0x11173, C}, {0x11176, 0x11176, S},
    {0x11180, 0x11182, C}, {0x11183, 0x111B2, S}, {0x111B3, 0x111C0, C}, {0x111C1, 0x111C4, S},
    {0x111C9, 0x111CC, C}, {0x111CE, 0x111D9, C}, {0x111DA, 0x111DA, S}, {0x111DC, 0x111DC, S},
    {0x11200, 0x11211, S}, {0x11213, 0x1122B, S}, {0x1122C, 0x11237, C}, {0x1123E, 0x1123E, C},
    {0x11280, 0x11286, S}, {0x11288, 0x11288, S}, {0x1128A, 0x1128D, S}, {0x1128F, 0x1129D, S},
    {0x1129F, 0x112A8, S}, {0x112B0, 0x112DE, S}, {0x112DF, 0x112EA, C}, {0x112F0, 0x112F9, C},
    {0x11300, 0x11303, C}, {0x11305, 0x1130C, S}, {0x1130F, 0x11310, S}, {0x11313, 0x11328, S},
    {0x1132A, 0x11330, S}, {0x11332, 0x11333, S}, {0x11335, 0x11339, S}, {0x1133B, 0x1133C, C},
    {0x1133D, 0x1133D, S}, {0x1133E, 0x11344, C}, {0x11347, 0x11348, C}, {0x1134B, 0x1134D, C},
    {0x11350, 0x11350, S}, {0x11357, 0x11357, C}, {0x1135D, 0x11361, S}, {0x11362, 0x11363, C},
    {0x11366, 0x1136C, C}, {0x11370, 0x11374, C}, {0x11400, 0x11434, S}, {0x11435, 0x11446, C},
    {0x11447, 0x1144A, S}, {0x11450, 0x11459, C}, {0x1145E, 0x1145E, C}, {0x1145F, 0x11461, S},
    {0x11480, 0x114AF, S}, {0x114B0, 0x114C3, C}, {0x114C4, 0x114C5, S}, {0x114C7, 0x114C7, S},
    {0x114D0, 0x114D9, C}, {0x11580, 0x115AE, S}, {0x115AF, 0x115B5, C}, {0x115B8, 0x115C0, C},
    {0x115D8, 0x115DB, S}, {0x115DC, 0x115DD, C}, {0x11600, 0x1162F, S}, {0x11630, 0x11640, C},
    {0x11644, 0x11644, S}, {0x11650, 0x11659, C}, {0x11680, 0x116AA, S}, {0x116AB, 0x116B7, C},
    {0x116B8, 0x116B8, S}, {0x116C0, 0x116C9, C}, {0x11700, 0x1171A, S}, {0x1171D, 0x1172B, C},
    {0x11730, 0x11739, C}, {0x11740, 0x11746, S}, {0x11800, 0x1182B, S}, {0x1182C, 0x1183A, C},
    {0x118A0, 0x118DF, S}, {0x118E0, 0x118E9, C}, {0x118FF, 0x11906, S}, {0x11909, 0x11909, S},
    {0x1190C, 0x11913, S}, {0x11915, 0x11916, S}, {0x11918, 0x1192F, S}, {0x11930, 0x11935, C},
    {0x11937, 0x11938, C}, {0x1193B, 0x1193E, C}, {0x1193F, 0x1193F, S}, {0x11940, 0x11940, C},
    {0x11941, 0x11941, S}, {0x11942, 0x11943, C}, {0x11950, 0x11959, C}, {0x119A0, 0x119A7, S},
    {0x119AA, 0x119D0, S}, {0x119D1, 0x119D7, C}, {0x119DA, 0x119E0, C}, {0x119E1, 0x119E1, S},
    {0x119E3, 0x119E3, S}, {0x119E4, 0x119E4, C}, {0x11A00, 0x11A00, S}, {0x11A01, 0x11A0A, C},
    {0x11A0B, 0x11A32, S}, {0x11A33, 0x11A39, C}, {0x11A3A, 0x11A3A, S}, {0x11A3B, 0x11A3E, C},
    {0x11A47, 0x11A47, C}, {0x11A50, 0x11A50, S}, {0x11A51, 0x11A5B, C}, {0x11A5C, 0x11A89, S},
    {0x11A8A, 0x11A99, C}, {0x11A9D, 0x11A9D, S}, {0x11AB0, 0x11AF8, S}, {0x11C00, 0x11C08, S},
    {0x11C0A, 0x11C2E, S}, {0x11C2F, 0x11C36, C}, {0x11C38, 0x11C3F, C}, {0x11C40, 0x11C40, S},
    {0x11C50, 0x11C59, C}, {0x11C72, 0x11C8F, S}, {0x11C92, 0x11CA7, C}, {0x11CA9, 0x11CB6, C},
    {0x11D00, 0x11D06, S}, {0x11D08, 0x11D09, S}, {0x11D0B, 0x11D30, S}, {0x11D31, 0x11D36, C},
    {0x11D3A, 0x11D3A, C}, {0x11D3C, 0x11D3D, C}, {0x11D3F, 0x11D45, C}, {0x11D46, 0x11D46, S},
    {0x11D47, 0x11D47, C}, {0x11D50, 0x11D59, C}, {0x11D60, 0x11D65, S}, {0x11D67, 0x11D68, S},
    {0x11D6A, 0x11D89, S}, {0x11D8A, 0x11D8E, C}, {0x11D90, 0x11D91, C}, {0x11D93, 0x11D97, C},
    {0x11D98, 0x11D98, S}, {0x11DA0, 0x11DA9, C}, {0x11EE0, 0x11EF2, S}, {0x11EF3, 0x11EF6, C},
    {0x11FB0, 0x11FB0, S}, {0x12000, 0x12399, S}, {0x12400, 0x1246E, S}, {0x12480, 0x12543, S},
    {0x12F90, 0x12FF0, S}, {0x13000, 0x1342E, S}, {0x14400, 0x14646, S}, {0x16800, 0x16A38, S},
    {0x16A40, 0x16A5E, S}, {0x16A60, 0x16A69, C}, {0x16A70, 0x16ABE, S}, {0x16AC0, 0x16AC9, C},
    {0x16AD0, 0x16AED, S}, {0x16AF0, 0x16AF4, C}, {0x16B00, 0x16B2F, S}, {0x16B30, 0x16B36, C},
    {0x16B40, 0x16B43, S}, {0x16B50, 0x16B59, C}, {0x16B63, 0x16B77, S}, {0x16B7D, 0x16B8F, S},
    {0x16E40, 0x16E7F, S}, {0x16F00, 0x16F4A, S}, {0x16F4F, 0x16F4F, C}, {0x16F50, 0x16F50, S},
    {0x16F51, 0x16F87, C}, {0x16F8F, 0x16F92, C}, {0x16F93, 0x16F9F, S}, {0x16FE0, 0x16FE1, S},
    {0x16FE3, 0x16FE3, S}, {0x16FE4, 0x16FE4, C}, {0x16FF0, 0x16FF1, C}, {0x17000, 0x187F7, S},
    {0x18800, 0x18CD5, S}, {0x18D00, 0x18D08, S}, {0x1AFF0, 0x1AFF3, S}, {0x1AFF5, 0x1AFFB, S},
    {0x1AFFD, 0x1AFFE, S}, {0x1B000, 0x1B122, S}, {0x1B150, 0x1B152, S}, {0x1B164, 0x1B167, S},
    {0x1B170, 0x1B2FB, S}, {0x1BC00, 0x1BC6A, S}, {0x1BC70, 0x1BC7C, S}, {0x1BC80, 0x1BC88, S},
    {0x1BC90, 0x1BC99, S}, {0x1BC9D, 0x1BC9E, C}, {0x1CF00, 0x1CF2D, C}, {0x1CF30, 0x1CF46, C},
    {0x1D165, 0x1D169, C}, {0x1D16D, 0x1D172, C}, {0x1D17B, 0x1D182, C}, {0x1D185, 0x1D18B, C},
    {0x1D1AA, 0x1D1AD, C}, {0x1D242, 0x1D244, C}, {0x1D400, 0x1D454, S}, {0x1D456, 0x1D49C, S},
    {0x1D49E, 0x1D49F, S}, {0x1D4A2, 0x1D4A2, S}, {0x1D4A5, 0x1D4A6, S}, {0x1D4A9, 0x1D4AC, S},
    {0x1D4AE, 0x1D4B9, S}, {0x1D4BB, 0x1D4BB, S}, {0x1D4BD, 0x1D4C3, S}, {0x1D4C5, 0x1D505, S},
    {0x1D507, 0x1D50A, S}, {0x1D50D, 0x1D514, S}, {0x1D516, 0x1D51C, S}, {0x1D51E, 0x1D539, S},
    {0x1D53B, 0x1D53E, S}, {0x1D540, 0x1D544, S}, {0x1D546, 0x1D546, S}, {0x1D54A, 0x1D550, S},
    {0x1D552, 0x1D6A5, S}, {0x1D6A8, 0x1D6C0, S}, {0x1D6C2, 0x1D6DA, S}, {0x1D6DC, 0x1D6FA, S},
    {0x1D6FC, 0x1D714, S}, {0x1D716, 0x1D734, S}, {0x1D736, 0x1D74E, S}, {0x1D750, 0x1D76E, S},
    {0x1D770, 0x1D788, S}, {0x1D78A, 0x1D7A8, S}, {0x1D7AA, 0x1D7C2, S}, {0x1D7C4, 0x1D7CB, S},
    {0x1D7CE, 0x1D7FF, C}, {0x1DA00, 0x1DA36, C}, {0x1DA3B, 0x1DA6C, C}, {0x1DA75, 0x1DA75, C},
    {0x1DA84, 0x1DA84, C}, {0x1DA9B, 0x1DA9F, C}, {0x1DAA1, 0x1DAAF, C}, {0x1DF00, 0x1DF1E, S},
    {0x1E000, 0x1E006, C}, {0x1E008, 0x1E018, C}, {0x1E01B, 0x1E021, C}, {0x1E023, 0x1E024, C},
    {0x1E026, 0x1E02A, C}, {0x1E100, 0x1E12C, S}, {0x1E130, 0x1E136, C}, {0x1E137, 0x1E13D, S},
    {0x1E140, 0x1E149, C}, {0x1E14E, 0x1E14E, S}, {0x1E290, 0x1E2AD, S}, {0x1E2AE, 0x1E2AE, C},
    {0x1E2C0, 0x1E2EB, S}, {0x1E2EC, 0x1E2F9, C}, {0x1E7E0, 0x1E7E6, S}, {0x1E7E8, 0x1E7EB, S},
    {0x1E7ED, 0x1E7EE, S}, {0x1E7F0, 0x1E7FE, S}, {0x1E800, 0x1E8C4, S}, {0x1E8D0, 0x1E8D6, C},
    {0x1E900, 0x1E943, S}, {0x1E944, 0x1E94A, C}, {0x1E94B, 0x1E94B, S}, {0x1E950, 0x1E959, C},
    {0x1EE00, 0x1EE03, S}, {0x1EE05, 0x1EE1F, S}, {0x1EE21, 0x1EE22, S}, {0x1EE24, 0x1EE24, S},
    {0x1EE27, 0x1EE27, S}, {0x1EE29, 0x1EE32, S}, {0x1EE34, 0x1EE37, S}, {0x1EE39, 0x1EE39, S},
    {0x1EE3B, 0x1EE3B, S}, {0x1EE42, 0x1EE42, S}, {0x1EE47, 0x1EE47, S}, {0x1EE49, 0x1EE49, S},
    {0x1EE4B, 0x1EE4B, S}, {0x1EE4D, 0x1EE4F, S}, {0x1EE51, 0x1EE52, S}, {0x1EE54, 0x1EE54, S},
    {0x1EE57, 0x1EE57, S}, {0x1EE59, 0x1EE59, S}, {0x1EE5B, 0x1EE5B, S}, {0x1EE5D, 0x1EE5D, S},
    {0x1EE5F, 0x1EE5F, S}, {0x1EE61, 0x1EE62, S}, {0x1EE64, 0x1EE64, S}, {0x1EE67, 0x1EE6A, S},
    {0x1EE6C, 0x1EE72, S}, {0x1EE74, 0x1EE77, S}, {0x1EE79, 0x1EE7C, S}, {0x1EE7E, 0x1EE7E, S},
    {0x1EE80, 0x1EE89, S}, {0x1EE8B, 0x1EE9B, S}, {0x1EEA1, 0x1EEA3, S}, {0x1EEA5, 0x1EEA9, S},
    {0x1EEAB, 0x1EEBB, S}, {0x1FBF0, 0x1FBF9, C}, {0x20000, 0x2A6DF, S}, {0x2A700, 0x2B738, S},
    {0x2B740, 0x2B81D, S}, {0x2B820, 0x2CEA1, S}, {0x2CEB0, 0x2EBE0, S}, {0x2F800, 0x2FA1D, S},
    {0x30000, 0x3134A, S}, {0xE0100, 0xE01EF, C},
};
}  // namespace ident_table

IdentClass ClassifyNonAscii(uint32_t cp) {
  using ident_table::kIdentRanges;
  const IdentRange* end = kIdentRanges + sizeof(kIdentRanges) / sizeof(kIdentRanges[0]);
  const IdentRange* it = std::upper_bound(
      kIdentRanges, end, cp, [](uint32_t v, const IdentRange& r) { return v < r.first; });
  if (it == kIdentRanges) return kNotIdent;
  --it;
  return cp <= it->last ? it->cls : kNotIdent;
}

}  // namespace

std::vector<Token> Tokenize(const SourceFile& source) { return Lexer(source).Run(); }

}  // namespace lockcheck
