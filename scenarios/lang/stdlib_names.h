// The names of CPython's standard-library modules.
//
// An import of one of them is never looked for among the user's files: the modelled ones
// (threading, queue, ...) are lockcheck's models, and the others are refused ("unsupported in
// scenarios: import of module 'os'"), as they were before user modules existed. A user file
// of the same name is not imported in their place (scenarios/lang/modules.h).
#ifndef LOCKCHECK_SCENARIOS_LANG_STDLIB_NAMES_H_
#define LOCKCHECK_SCENARIOS_LANG_STDLIB_NAMES_H_

#include "absl/strings/string_view.h"

namespace lockcheck {

// Whether `top_level_name` ("os", "concurrent") names a module of the standard library.
bool IsStdlibModuleName(absl::string_view top_level_name);

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_LANG_STDLIB_NAMES_H_
