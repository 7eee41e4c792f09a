#include "tools/cli/suggest.h"

#include <algorithm>

namespace lockcheck {
namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a
// substring): a swapped pair of letters, the commonest typo, costs one edit.
size_t Distance(absl::string_view a, absl::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string ClosestWord(absl::string_view typed, const std::vector<std::string>& candidates) {
  // Leading dashes are the flag's syntax, not part of what was misspelt.
  absl::string_view word = typed;
  while (!word.empty() && word.front() == '-') word.remove_prefix(1);
  std::string best;
  size_t best_distance = 3;
  for (const std::string& c : candidates) {
    absl::string_view cw = c;
    while (!cw.empty() && cw.front() == '-') cw.remove_prefix(1);
    size_t d = Distance(word, cw);
    // A prefix of the flag ("--js" for "--json") is what was meant too.
    if (cw.size() > word.size() && word.size() >= 2 && cw.substr(0, word.size()) == word) d = 1;
    if (d < best_distance && 2 * d < std::max<size_t>(word.size(), 2)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace lockcheck
