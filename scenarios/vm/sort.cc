// list.sort and sorted(): CPython's result, stable, with reverse=True keeping equal items in
// their original order (CPython reverses, sorts stably and reverses back).
//
// Which comparisons run matters where they can fail: the first unorderable pair compared names
// the TypeError's types ("'<' not supported between instances of 'str' and 'int'"). Below 64
// items CPython's timsort makes one pass of count_run and binary insertion (listobject.c:
// count_run, binarysort), and so do we, comparison for comparison. From 64 items on we merge
// bottom-up instead of running timsort's galloping merges: the same sorted result in
// O(n log n) comparisons, but a list with an unorderable pair may name the pair in the other
// order (DESIGN.md, section 3, lists it). Neither reads outside the items whatever the
// comparisons answer (a user's __lt__ need not be a consistent order).
#include <algorithm>

#include "scenarios/vm/exec.h"

namespace lockcheck {

namespace {

constexpr size_t kMinMerge = 64;  // CPython's MIN_MERGE: below it, binary insertion alone

}  // namespace

bool Exec::SortItems(Args& items, bool reverse) {
  if (reverse) std::reverse(items.begin(), items.end());
  const size_t n = items.size();
  auto less = [&](Value a, Value b) { return Order(a, b, ast::Op::kLt); };
  if (n < 2) {
  } else if (n < kMinMerge) {
    // count_run: the longest ascending (a[i-1] <= a[i]) or strictly descending prefix; a
    // descending one is reversed in place (strictness keeps that stable).
    size_t run = 2;
    std::optional<bool> lt = less(items[1], items[0]);
    if (!lt) return false;
    const bool descending = *lt;
    for (; run < n; ++run) {
      lt = less(items[run], items[run - 1]);
      if (!lt) return false;
      if (*lt != descending) break;
    }
    if (descending) std::reverse(items.begin(), items.begin() + run);
    // binarysort: each further item goes after the last item it is not less than.
    for (size_t start = run; start < n; ++start) {
      const Value pivot = items[start];
      size_t l = 0, r = start;
      while (l < r) {
        const size_t p = l + ((r - l) >> 1);
        lt = less(pivot, items[p]);
        if (!lt) return false;
        if (*lt) r = p; else l = p + 1;
      }
      std::move_backward(items.begin() + l, items.begin() + start, items.begin() + start + 1);
      items[l] = pivot;
    }
  } else {
    Args from = items, to(n);
    for (size_t width = 1; width < n; width *= 2) {
      for (size_t lo = 0; lo < n; lo += 2 * width) {
        const size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
        size_t i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
          // The right run's item goes first only when it is strictly less: stability.
          std::optional<bool> lt = less(from[j], from[i]);
          if (!lt) return false;
          to[k++] = *lt ? from[j++] : from[i++];
        }
        while (i < mid) to[k++] = from[i++];
        while (j < hi) to[k++] = from[j++];
      }
      std::swap(from, to);
    }
    items = std::move(from);
  }
  if (reverse) std::reverse(items.begin(), items.end());
  return true;
}

}  // namespace lockcheck
