// libFuzzer target: parse, resolve and compile any bytes. The result is a program or
// diagnostics, never both and never neither; a program disassembles (every operand it names
// exists), and every diagnostic renders inside the file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "scenarios/lang/compiler.h"
#include "scenarios/lang/bytecode.h"
#include "tools/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto source = std::make_shared<const lockcheck::SourceFile>(
      "fuzz.py", std::string(reinterpret_cast<const char*>(data), size));
  lockcheck::CompileResult compiled = lockcheck::CompileSource(source);
  FUZZ_CHECK((compiled.program == nullptr) != compiled.errors.empty(),
             "a program and errors, or neither");
  for (const lockcheck::Diagnostic& d : compiled.errors) {
    FUZZ_CHECK(!d.message.empty(), "an empty diagnostic");
    FUZZ_CHECK(d.line >= 0 && d.line <= source->line_count() + 1, "a diagnostic outside the file");
    (void)lockcheck::RenderDiagnostic(d, source.get());
  }
  if (compiled.program != nullptr) (void)lockcheck::Disassemble(*compiled.program);
  return 0;
}
