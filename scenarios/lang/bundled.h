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

// Whether a top-level module name is bundled ("concurrent"); a modelled module's name never is.
bool IsBundledTopLevelName(absl::string_view name);

// A member of a modelled (native) module that a bundled module of the same name provides:
// `threading.Timer` is class Timer of <lockcheck>/threading.py. The bundled module is loaded
// when a module that imports `module` names the member, and runs at each such import.
struct BundledMember {
  absl::string_view module;  // "threading": the modelled module, and the bundled one's name
  absl::string_view name;    // "Timer"
};
inline constexpr BundledMember kBundledMembers[] = {{"threading", "Timer"}};

// Whether `module.name` is a bundled member.
bool IsBundledMember(absl::string_view module, absl::string_view name);
// Whether some bundled member belongs to that modelled module.
bool HasBundledMembers(absl::string_view module);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_BUNDLED_H_
