// A working machine that Pack found in canonical form (PackScratch::canonical) steps exactly
// as the machine Unpack makes of its packed form: the depth-first search takes the first step
// from such a state without unpacking it (checker/depth_first.cc). Checked on every state of
// the corpus, for every thread and choice.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "scenarios/lang/compiler.h"
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
  CompileResult compiled = CompileSource(std::make_shared<SourceFile>(path, std::move(text)));
  if (!compiled.errors.empty()) return;
  Limits limits;
  limits.step_budget = 100'000;
  Runtime rt(*compiled.program, std::make_shared<Interner>(), limits);
  Interpreter interp(rt);
  Machine m, unpacked;
  PackScratch scratch;
  PackedState packed;
  interp.Init(m);
  std::vector<PackedState> stack;
  absl::flat_hash_set<uint64_t> seen;
  seen.insert(Pack(m, packed, scratch));
  stack.push_back(packed);
  StepOutput out;
  while (!stack.empty() && seen.size() < max_states) {
    PackedState s = std::move(stack.back());
    stack.pop_back();
    Unpack(s, m);
    if (interp.Ended(m)) continue;
    const int threads = m.num_threads;
    for (int t = 0; t < threads; ++t) {
      Unpack(s, m);
      const uint32_t choices = interp.Choices(m, t);
      for (uint32_t bit = 1; bit != 0 && bit <= choices; bit <<= 1) {
        if (!(choices & bit)) continue;
        Unpack(s, m);
        out.Clear();
        interp.Step(m, t, bit, out);
        bool input_error = false;
        for (const VmEvent& e : out.events) input_error |= e.kind == VmEvent::Kind::kInputError;
        if (input_error) continue;
        const bool is_new = seen.insert(Pack(m, packed, scratch)).second;
        if (!scratch.canonical) {
          ++tally.renumbered;
        } else if (is_new && !interp.Ended(m)) {
          ++tally.canonical;
          Unpack(packed, unpacked);
          for (int u = 0; u < m.num_threads; ++u) {
            const uint32_t next = interp.Choices(m, u);
            ASSERT_EQ(next, interp.Choices(unpacked, u)) << path << ": thread " << u;
            for (uint32_t b = 1; b != 0 && b <= next; b <<= 1) {
              if (!(next & b)) continue;
              ASSERT_EQ(StepResult(interp, m, u, b), StepResult(interp, unpacked, u, b))
                  << path << ": thread " << u << ", choice " << b;
            }
          }
        }
        if (is_new) stack.push_back(packed);
      }
    }
  }
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
