// Shared by the libFuzzer targets: a failed property aborts, so libFuzzer saves the input.
//
// The targets build only with clang (-DLOCKCHECK_FUZZ=ON, see tools/fuzz/CMakeLists.txt). A
// target either checks that its code does not crash on any input (the sanitizers report the
// rest) or, where the code promises one, checks a property (a decoded token encodes back to
// the same schedule; a report read back renders to the same bytes): FUZZ_CHECK then aborts.
#ifndef LOCKCHECK_TOOLS_FUZZ_FUZZ_UTIL_H_
#define LOCKCHECK_TOOLS_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                    \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: property failed: %s (%s)\n", __FILE__, __LINE__, \
                   #cond, what);                                                  \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

#endif  // LOCKCHECK_TOOLS_FUZZ_FUZZ_UTIL_H_
