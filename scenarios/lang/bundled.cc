#include "scenarios/lang/bundled.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace lockcheck {

const BundledSource* FindBundledModule(absl::string_view name, bool* is_package) {
  std::string base = absl::StrReplaceAll(name, {{".", "/"}});
  std::string package = absl::StrCat(base, "/__init__.py");
  std::string module = absl::StrCat(base, ".py");
  for (int i = 0; i < kBundledSourceCount; ++i) {
    if (package == kBundledSources[i].path) {
      *is_package = true;
      return &kBundledSources[i];
    }
  }
  for (int i = 0; i < kBundledSourceCount; ++i) {
    if (module == kBundledSources[i].path) {
      *is_package = false;
      return &kBundledSources[i];
    }
  }
  return nullptr;
}

bool IsBundledTopLevelName(absl::string_view name) {
  bool is_package = false;
  return name.find('.') == absl::string_view::npos && !HasBundledMembers(name) &&
         FindBundledModule(name, &is_package) != nullptr;
}

bool IsBundledMember(absl::string_view module, absl::string_view name) {
  for (const BundledMember& m : kBundledMembers)
    if (m.module == module && m.name == name) return true;
  return false;
}

bool HasBundledMembers(absl::string_view module) {
  for (const BundledMember& m : kBundledMembers)
    if (m.module == module) return true;
  return false;
}

}  // namespace lockcheck
