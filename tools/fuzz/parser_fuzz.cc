// libFuzzer target: the parser on any bytes. It returns a module or diagnostics, never both and
// never neither, and every diagnostic renders (with its caret line) inside the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenarios/lang/parser.h"
#include "tools/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lockcheck::SourceFile source("fuzz.py", std::string(reinterpret_cast<const char*>(data), size));
  lockcheck::ParseResult parsed = lockcheck::Parse(source);
  FUZZ_CHECK((parsed.module == nullptr) != parsed.errors.empty(),
             "a module and errors, or neither");
  for (const lockcheck::Diagnostic& d : parsed.errors) {
    FUZZ_CHECK(!d.message.empty(), "an empty diagnostic");
    FUZZ_CHECK(d.line >= 0 && d.line <= source.line_count() + 1, "a diagnostic outside the file");
    (void)lockcheck::RenderDiagnostic(d, &source);
  }
  return 0;
}
