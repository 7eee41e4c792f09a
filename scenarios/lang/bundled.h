// The bundled modules: parts of the standard library lockcheck models in the scenario language
// itself (scenarios/stdlib/, e.g. concurrent.futures), embedded in the binary at build time
// (tools/embed_stdlib.cmake) and loaded by LoadModules as the user's modules are, from the
// virtual folder "<lockcheck>" instead of the file system.
#ifndef LOCKCHECK_SCENARIOS_LANG_BUNDLED_H_
#define LOCKCHECK_SCENARIOS_LANG_BUNDLED_H_

#include "absl/strings/string_view.h"

namespace lockcheck {

struct BundledSource {
  const char* path;  // relative to scenarios/stdlib/: "concurrent/futures/_base.py"
  const char* text;
};

// Generated (bundled_sources.cc).
extern const BundledSource kBundledSources[];
extern const int kBundledSourceCount;

// The folder bundled files are shown in: "<lockcheck>/concurrent/futures/thread.py".
inline constexpr absl::string_view kBundledRoot = "<lockcheck>";

// The source of the bundled module or package of that dotted name, or nullptr; `is_package`
// says whether it is a package's __init__.py, `path` gets its relative path.
const BundledSource* FindBundledModule(absl::string_view name, bool* is_package);

// Whether a top-level module name is bundled ("concurrent").
bool IsBundledTopLevelName(absl::string_view name);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_BUNDLED_H_
