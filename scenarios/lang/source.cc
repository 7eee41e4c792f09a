#include "scenarios/lang/source.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace lockcheck {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
  }
  // A final line break does not open a further (empty) line.
  if (line_starts_.size() > 1 && line_starts_.back() == text_.size()) line_starts_.pop_back();
}

absl::string_view SourceFile::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  size_t begin = line_starts_[line - 1];
  size_t end = line < line_count() ? line_starts_[line] : text_.size();
  absl::string_view s(text_.data() + begin, end - begin);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

size_t SourceFile::Offset(SourceLoc loc) const {
  if (loc.line < 1) return 0;
  if (loc.line > line_count()) return text_.size();
  size_t pos = line_starts_[loc.line - 1];
  // Walk `column - 1` code points.
  for (int col = 1; col < loc.column && pos < text_.size() && text_[pos] != '\n'; ++col) {
    ++pos;
    while (pos < text_.size() && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
  }
  return pos;
}

absl::string_view SourceFile::Slice(SourceSpan span) const {
  size_t b = Offset(span.begin), e = Offset(span.end);
  if (e < b) e = b;
  return absl::string_view(text_).substr(b, e - b);
}

std::string RenderDiagnostic(const Diagnostic& d, const SourceFile* source) {
  // An error with no position in the file (a bad replay token, a bad setting) names the file
  // alone.
  std::string out = d.line > 0 ? absl::StrFormat("%s:%d:%d: error: %s\n", d.file, d.line,
                                                 d.column, d.message)
                               : absl::StrFormat("%s: error: %s\n", d.file, d.message);
  if (source == nullptr || d.line < 1 || d.line > source->line_count()) return out;
  // Bytes that are not valid UTF-8 show as '?', so the line is safe to print.
  std::string line;
  for (absl::string_view raw = source->Line(d.line); !raw.empty();) {
    unsigned char c = static_cast<unsigned char>(raw[0]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && len <= raw.size();
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(raw[k]) & 0xC0) == 0x80;
    if (ok) {
      line.append(raw.data(), len);
      raw.remove_prefix(len);
    } else {
      line += '?';
      raw.remove_prefix(1);
    }
  }
  std::string caret;
  int col = 1;
  for (size_t i = 0; i < line.size() && col < d.column; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: same code point
    caret += (c == '\t') ? '\t' : ' ';
    ++col;
  }
  absl::StrAppend(&out, "    ", line, "\n    ", caret, "^\n");
  return out;
}

}  // namespace lockcheck
