// libFuzzer target: the lexer on any bytes. Every token list must end with exactly one
// kEndMarker or kError, every token's text must view the source's own text, and every span
// must lie inside the file (the parser and the diagnostics slice the source with them).
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenarios/lang/lexer.h"
#include "tools/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lockcheck::SourceFile source("fuzz.py", std::string(reinterpret_cast<const char*>(data), size));
  std::vector<lockcheck::Token> tokens = lockcheck::Tokenize(source);
  FUZZ_CHECK(!tokens.empty(), "no tokens at all");
  lockcheck::TokenKind last = tokens.back().kind;
  FUZZ_CHECK(last == lockcheck::TokenKind::kEndMarker || last == lockcheck::TokenKind::kError,
             "the list does not end in kEndMarker or kError");
  const char* begin = source.text().data();
  const char* end = begin + source.text().size();
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    FUZZ_CHECK(tokens[i].kind != lockcheck::TokenKind::kEndMarker &&
                   tokens[i].kind != lockcheck::TokenKind::kError,
               "an end token before the last");
  }
  for (const lockcheck::Token& t : tokens) {
    if (!t.text.empty()) {
      FUZZ_CHECK(t.text.data() >= begin && t.text.data() + t.text.size() <= end,
                 "a token's text lies outside the source");
    }
    FUZZ_CHECK(t.span.begin.line >= 0 && t.span.begin.line <= source.line_count() + 1,
               "a token's line lies outside the file");
    (void)source.Slice(t.span);  // must stay inside the text (ASan checks)
  }
  return 0;
}
