// "did you mean ...?" for a mistyped subcommand or flag.
#ifndef LOCKCHECK_TOOLS_CLI_SUGGEST_H_
#define LOCKCHECK_TOOLS_CLI_SUGGEST_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace lockcheck {

// The candidate closest to `typed` by edit distance (insertions, deletions, substitutions and
// swaps of neighbours each cost 1), if it is close enough to be what was meant: at most 2 edits
// and fewer than half the word's length (so "--js" finds "--json", "--xyz" finds nothing).
// Ties go to the earlier candidate, so the suggestion does not depend on anything but the list.
std::string ClosestWord(absl::string_view typed, const std::vector<std::string>& candidates);

}  // namespace lockcheck

#endif  // LOCKCHECK_TOOLS_CLI_SUGGEST_H_
