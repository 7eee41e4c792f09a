#include "reports/html_pages.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "reports/html_report.h"
#include "reports/write_file.h"

namespace lockcheck {
namespace {

namespace fs = std::filesystem;

absl::Status Write(const fs::path& path, const std::string& text) {
  return WriteWhole(path.string(), text);
}

// The scenario's lines, or none when it cannot be read (it may have changed or gone since, or,
// for reports merged from elsewhere, not be a regular file here: a FIFO would block).
std::vector<std::string> ReadSource(const std::string& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return {};
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return SourceLines(text.str());
}

}  // namespace

absl::Status PrepareHtmlDir(const std::string& dir) {
  std::error_code ec;
  if (dir.empty()) return absl::InvalidArgumentError("--html needs a folder");
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    return absl::InvalidArgumentError(absl::StrCat("--html ", dir, ": exists and is not a folder"));
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return absl::UnavailableError(
        absl::StrCat("--html ", dir, ": cannot create the folder", ec ? ": " + ec.message() : ""));
  }
  return absl::OkStatus();
}

absl::Status WriteHtmlReport(const RunReport& report, const std::string& dir) {
  if (absl::Status s = PrepareHtmlDir(dir); !s.ok()) return s;
  std::vector<std::string> pages;
  for (const ScenarioResult& r : report.scenarios) {
    if (!HasHtmlPage(r)) {
      pages.push_back("");
      continue;
    }
    pages.push_back(HtmlPageName(r.file));
    if (absl::Status s = Write(fs::path(dir) / pages.back(), RenderHtmlPage(r, ReadSource(r.file)));
        !s.ok())
      return s;
  }
  return Write(fs::path(dir) / "index.html", RenderHtmlIndex(report, pages));
}

}  // namespace lockcheck
