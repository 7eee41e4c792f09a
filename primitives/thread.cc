#include "primitives/thread.h"

#include "absl/strings/str_cat.h"

namespace lockcheck {

std::string DefaultThreadName(int64_t counter, absl::string_view target_name) {
  if (target_name.empty()) return absl::StrCat("Thread-", counter);
  return absl::StrCat("Thread-", counter, " (", target_name, ")");
}

std::string DummyThreadName(int64_t counter) { return absl::StrCat("Dummy-", counter); }

}  // namespace lockcheck
