#include "tools/cli/outputs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace lockcheck {
namespace {

namespace fs = std::filesystem;

// The folder a file path would be written in ("." for a bare name).
fs::path FolderOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// The same file or folder, whether or not it exists yet.
bool SamePath(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

// Creating and removing a file is the only sure test that a folder can be written.
absl::Status CheckWritableFolder(const fs::path& folder, const OutputFile& out) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat(out.flag, " ", out.path, ": the folder ", folder.string(), " does not exist"));
  }
  std::string probe = (folder / ".lockcheck-write-test-XXXXXX").string();
  int fd = mkstemp(probe.data());
  if (fd < 0) {
    return absl::InvalidArgumentError(absl::StrCat(out.flag, " ", out.path, ": cannot write in ",
                                                   folder.string(), ": ", std::strerror(errno)));
  }
  close(fd);
  unlink(probe.c_str());
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckOutputs(const std::vector<OutputFile>& outputs,
                          const std::vector<std::string>& inputs) {
  int to_stdout = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const OutputFile& out = outputs[i];
    if (out.path.empty()) continue;
    auto refuse = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(out.flag, " ", out.path, ": ", why));
    };
    if (out.path == "-") {
      if (out.folder) return refuse("a folder of pages cannot go to standard output");
      if (++to_stdout > 1) return refuse("only one report can go to standard output");
      continue;
    }
    fs::path path(out.path);
    for (const std::string& input : inputs) {
      if (SamePath(path, fs::path(input))) return refuse("that is one of the scenarios being checked");
    }
    if (!out.folder && absl::EndsWith(out.path, ".py")) {
      return refuse("refusing to write a report to a .py file (that is where scenarios live)");
    }
    for (size_t j = 0; j < i; ++j) {
      if (!outputs[j].path.empty() && outputs[j].path != "-" &&
          SamePath(path, fs::path(outputs[j].path))) {
        return refuse(absl::StrCat("the same path as ", outputs[j].flag));
      }
    }
    std::error_code ec;
    if (out.folder) {
      // A folder output is created, with its parents, by its writer (mkdir -p).
      if (fs::exists(path, ec) && !fs::is_directory(path, ec))
        return refuse("exists and is not a folder");
      if (fs::is_directory(path, ec)) {
        if (absl::Status s = CheckWritableFolder(path, out); !s.ok()) return s;
      }
      continue;
    }
    if (fs::is_directory(path, ec)) return refuse("is a folder");
    if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
      return refuse("not a regular file");
    }
    if (absl::Status s = CheckWritableFolder(FolderOf(out.path), out); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace lockcheck
