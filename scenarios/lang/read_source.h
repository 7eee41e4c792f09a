// Reading a source file (a scenario or a module it imports) from the file system.
//
// The one place lockcheck reads Python source: the scenario itself and every module it imports
// go through ReadSourceText, so the same limits hold for both (a regular file only, at most
// kMaxSourceBytes).
#ifndef LOCKCHECK_SCENARIOS_LANG_READ_SOURCE_H_
#define LOCKCHECK_SCENARIOS_LANG_READ_SOURCE_H_

#include <string>

#include "absl/status/statusor.h"

namespace lockcheck {

// The file's text, or why it cannot be read (not found, not a regular file, too large).
absl::StatusOr<std::string> ReadSourceText(const std::string& path);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_READ_SOURCE_H_
