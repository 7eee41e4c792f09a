// A scenario's text and the diagnostics that point into it.
//
// Lines and columns are 1-based; a column counts Unicode code points, so the caret line of a
// rendered diagnostic sits under the right character.
#ifndef LOCKCHECK_SCENARIOS_LANG_SOURCE_H_
#define LOCKCHECK_SCENARIOS_LANG_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include <vector>

namespace lockcheck {

struct SourceLoc {
  int32_t line = 0;    // 1-based; 0 = unknown
  int32_t column = 0;  // 1-based, in code points
  // Which file of the program (Program::sources; 0: the scenario itself, others: the modules
  // it imports). Set by the compiler on every instruction's span.
  int32_t file = 0;
};

struct SourceSpan {
  SourceLoc begin;
  SourceLoc end;  // exclusive
};

// One scenario file, read whole. Immutable once built.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  int line_count() const { return static_cast<int>(line_starts_.size()); }
  // The text of line `line` (1-based) without its line break; empty if out of range.
  absl::string_view Line(int line) const;
  // Byte offset of a location, for slicing source text; clamps to the text.
  size_t Offset(SourceLoc loc) const;
  // The source text of a span (may cross lines).
  absl::string_view Slice(SourceSpan span) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;  // byte offset of each line's first byte
};

// An input error: something in the scenario that stops it being checked.
struct Diagnostic {
  std::string message;
  std::string file;
  int32_t line = 0;
  int32_t column = 0;
};

// "file:line:col: error: message" followed, when the line exists, by the source line and a
// caret under the column. Always ends with a newline.
std::string RenderDiagnostic(const Diagnostic& d, const SourceFile* source);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_SOURCE_H_
