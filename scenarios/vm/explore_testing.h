// For the VM's tests: every state of a scenario, reached step by step (every thread, every
// choice, no reduction), each step shown to a visitor with the machine it left.
#ifndef LOCKCHECK_SCENARIOS_VM_EXPLORE_TESTING_H_
#define LOCKCHECK_SCENARIOS_VM_EXPLORE_TESTING_H_

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "scenarios/lang/compiler.h"
#include "scenarios/vm/interpreter.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

// One step of the exploration, as the visitor sees it.
struct ExploredStep {
  const Interpreter& interp;
  const Machine& after;       // the working machine the step left, before any unpacking
  int thread;                 // the thread that stepped; -1 for the initial state
  const PackedState& packed;  // `after`, packed
  bool canonical;             // Pack's PackScratch::canonical for it
  bool is_new;                // first reached by this step
};

// Explores up to `max_states` states of the program in `text` (named `path`), calling
// `visit` on the initial state and after every step that raised no input error; a visitor
// that returns false ends the exploration. Returns the number of states, or -1 when the
// program does not compile.
inline int64_t ExploreEveryStep(const std::string& path, std::string text, size_t max_states,
                                absl::FunctionRef<bool(const ExploredStep&)> visit) {
  CompileResult compiled = CompileSource(std::make_shared<SourceFile>(path, std::move(text)));
  if (!compiled.errors.empty()) return -1;
  Limits limits;
  limits.step_budget = 100'000;
  Runtime rt(*compiled.program, std::make_shared<Interner>(), limits);
  Interpreter interp(rt);
  Machine m;
  PackScratch scratch;
  PackedState packed;
  interp.Init(m);
  std::vector<PackedState> stack;
  absl::flat_hash_set<uint64_t> seen;
  seen.insert(Pack(m, packed, scratch));
  if (!visit({interp, m, -1, packed, scratch.canonical, true})) return 1;
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
        if (!visit({interp, m, t, packed, scratch.canonical, is_new}))
          return static_cast<int64_t>(seen.size());
        if (is_new) stack.push_back(packed);
      }
    }
  }
  return static_cast<int64_t>(seen.size());
}

// The same over the file at `path`.
inline int64_t ExploreEveryStep(const std::string& path, size_t max_states,
                                absl::FunctionRef<bool(const ExploredStep&)> visit) {
  std::ifstream in(path, std::ios::binary);
  return ExploreEveryStep(
      path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()),
      max_states, visit);
}

}  // namespace lockcheck

#endif  // LOCKCHECK_SCENARIOS_VM_EXPLORE_TESTING_H_
