// A working machine that Pack found in canonical form (PackScratch::canonical) steps exactly
// as the machine Unpack makes of its packed form: the depth-first search takes the first step
// from such a state without unpacking it (checker/depth_first.cc). Checked on every state of
// the corpus, for every thread and choice.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "scenarios/vm/explore_testing.h"
#include "scenarios/vm/interpreter.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {
namespace {

struct Tally {
  int64_t canonical = 0;    // states reached in canonical form, whose steps were compared
  int64_t renumbered = 0;   // states that were not
};

// What a step from `m` leads to: its packed successor, and its events' kinds and texts.
std::string StepResult(const Interpreter& interp, Machine m, int t, uint32_t bit) {
  StepOutput out;
  interp.Step(m, t, bit, out);
  PackScratch scratch;
  PackedState packed;
  std::string result = absl::StrCat(Pack(m, packed, scratch));
  for (uint64_t w : packed) absl::StrAppend(&result, " ", w);
  for (const VmEvent& e : out.events)
    absl::StrAppend(&result, "|", static_cast<int>(e.kind), ":", e.message);
  return result;
}

// Explores up to `max_states` states of the scenario (every thread, every choice, no
// reduction). Wherever a step leaves the working machine in canonical form, every step from
// it must equal the same step from the unpacked successor.
void ExploreComparing(const std::string& path, std::string text, Tally& tally,
                      size_t max_states = 1500) {
  Machine unpacked;
  ExploreEveryStep(path, std::move(text), max_states, [&](const ExploredStep& step) {
    if (!step.canonical) {
      ++tally.renumbered;
      return true;
    }
    if (!step.is_new || step.interp.Ended(step.after)) return true;
    ++tally.canonical;
    const Interpreter& interp = step.interp;
    const Machine& m = step.after;
    Unpack(step.packed, unpacked);
    for (int u = 0; u < m.num_threads; ++u) {
      const uint32_t next = interp.Choices(m, u);
      EXPECT_EQ(next, interp.Choices(unpacked, u)) << path << ": thread " << u;
      for (uint32_t b = 1; b != 0 && b <= next; b <<= 1) {
        if (!(next & b)) continue;
        if (StepResult(interp, m, u, b) == StepResult(interp, unpacked, u, b)) continue;
        ADD_FAILURE() << path << ": thread " << u << ", choice " << b;
        return false;
      }
    }
    return true;
  });
}

TEST(CanonicalTest, ACanonicalMachineStepsAsItsUnpackedForm) {
  Tally tally;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus")) {
    if (entry.path().extension() != ".py") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    ExploreComparing(entry.path().string(),
                     std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()),
                     tally);
    ++files;
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(files, 80);
  // Both kinds are common, so the comparison has something to compare.
  EXPECT_GT(tally.canonical, 10'000);
  EXPECT_GT(tally.renumbered, 10'000);
}

// The one thing a program can see of an object's number is the address in its repr. Here a
// thread's step leaves a fresh object numbered after the other thread's objects, which the
// packed form numbers before them: the working machine is not canonical, and the step that
// takes the repr would differ if the search stepped from it as it is.
TEST(CanonicalTest, AnObjectsReprShowsItsNumber) {
  const std::string kRepr = R"PY(
import threading

names = []


def worker():
    mine = object()
    names.append(repr(mine))


threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)PY";
  Tally tally;
  ExploreComparing("repr.py", kRepr, tally);
  EXPECT_GT(tally.canonical, 10);
  EXPECT_GT(tally.renumbered, 10);
}

}  // namespace
}  // namespace lockcheck
