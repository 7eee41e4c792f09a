// The report files of a run (--json, --sarif, --junit, and --html's folder): refused before any
// search when writing them would destroy something or could not succeed, and written whole
// after it, so that neither a mistyped flag nor an interrupted run costs the user a file.
#ifndef LOCKCHECK_TOOLS_CLI_OUTPUTS_H_
#define LOCKCHECK_TOOLS_CLI_OUTPUTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "reports/write_file.h"  // WriteWhole, for the files checked here

namespace lockcheck {

struct OutputFile {
  std::string flag;     // "--json"
  std::string path;     // as given; "-" is standard output; empty: not asked for
  bool folder = false;  // --html: a folder of pages, created if missing
};

// The first reason not to write these outputs, as a usage error ("--json victim.py: ..."), or
// OK. Refused: a path that is one of the `inputs`, a file output ending in ".py" (where
// scenarios live), an existing folder where a file is wanted (or a file where a folder is), a
// file's folder that does not exist, a folder that cannot be written (a folder output that does
// not exist yet is created, with its parents, by its writer), the same path for two outputs,
// and "-" for more than one output or for a folder.
absl::Status CheckOutputs(const std::vector<OutputFile>& outputs,
                          const std::vector<std::string>& inputs);

}  // namespace lockcheck

#endif  // LOCKCHECK_TOOLS_CLI_OUTPUTS_H_
