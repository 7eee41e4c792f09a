#include "checker/strategies.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "checker/budget.h"
#include "checker/lasso.h"
#include "checker/lock_order.h"
#include "checker/memory.h"
#include "checker/visited_set.h"
#include "primitives/lock.h"

namespace lockcheck {
namespace {

using Clock = std::chrono::steady_clock;

// Lassos examined per execution at most: a walk going round a loop closes a cycle at every
// turn; each state starts at most one examined cycle, and a few dozen say all there is to say.
constexpr int kLassosPerExecution = 64;
constexpr size_t kDefaultExecutionSteps = 10'000;

// Runs executions from the initial state, choosing with a Picker, and keeps what they show.
class Executor {
 public:
  Executor(const Interpreter& interp, const CheckOptions& options, SearchResult& result)
      : lock_order(interp), interp_(interp), options_(options), result_(result) {
    out_.should_stop = budget_.StopRequest();
  }

  // One execution of at most `max_steps` steps. `pick(m, transitions, step, looped)` chooses;
  // `looped` says the last step came back to a state of this execution (a strategy that
  // always picks the same way would go round that loop forever: PCT then picks at random).
  // Returns its length, or -1 after an input error.
  template <typename Pick>
  int64_t Run(size_t max_steps, Pick&& pick) {
    Machine m;
    interp_.Init(m);
    schedule_.clear();
    seen_.clear();
    size_t depth = 0;
    auto remember = [&] {
      if (path_.size() <= depth) path_.emplace_back();
      uint64_t fp = Pack(m, path_[depth], scratch_);
      visited_.Insert(fp);
      return fp;
    };
    seen_.emplace(remember(), 0);
    examined_.clear();
    int lassos = 0;
    bool looped = false;
    int64_t last_choice = -1;  // the depth of the last state with more than one step to take
    while (schedule_.size() < max_steps) {
      EnabledTransitions(interp_, m, transitions_);
      if (transitions_.empty()) return static_cast<int64_t>(schedule_.size());
      if (transitions_.size() > 1) last_choice = static_cast<int64_t>(depth);
      Transition tr = pick(m, transitions_, schedule_.size(), looped);
      out_.Clear();
      interp_.Step(m, tr.thread, tr.choice, out_);
      ++result_.transitions;
      if (!out_.abandoned.empty()) {  // given up at a bound: the step did not happen
        result_.limit = out_.abandoned;
        return static_cast<int64_t>(schedule_.size());
      }
      schedule_.push_back(StepOf(tr));
      found_.clear();
      if (!ExamineEvents(out_, found_, result_.input_error)) {
        result_.input_error->thread = tr.thread;
        return -1;
      }
      EnabledTransitions(interp_, m, transitions_);
      CheckDeadlock(interp_, m, transitions_, found_);
      for (BugOccurrence& b : found_)
        bugs.Add(std::move(b), schedule_.size(), [&] { return schedule_; });
      lock_order.Observe(m, tr.thread, [&] { return schedule_; });
      ++depth;
      result_.max_depth = std::max(result_.max_depth, static_cast<int64_t>(depth));
      uint64_t fp = remember();
      auto [it, is_new] = seen_.try_emplace(fp, depth);
      looped = !is_new;
      if (!is_new) {
        // Back at a state of this execution: the steps since form a cycle.
        if (options_.cycles && lassos < kLassosPerExecution && examined_.insert(fp).second) {
          ++lassos;
          Machine at;
          Unpack(path_[it->second], at);
          LassoResult lasso =
              ExamineLasso(interp_, at, it->second, schedule_, it->second, options_.fairness);
          if (lasso.bug) {
            size_t length = schedule_.size();
            bugs.Add(std::move(*lasso.bug), length, [&] { return schedule_; });
          }
        }
        // With no choice anywhere on the cycle, the execution can only go round it for ever.
        if (static_cast<int64_t>(it->second) > last_choice)
          return static_cast<int64_t>(schedule_.size());
        it->second = depth;
      }
      if (std::string limit = budget_.Exhausted(); !limit.empty()) {
        result_.limit = limit;
        return static_cast<int64_t>(schedule_.size());
      }
    }
    return static_cast<int64_t>(schedule_.size());
  }

  BugTable bugs;
  LockOrderGraph lock_order;
  VisitedSet visited_;  // every state any execution met: the coverage figure

 private:
  const Interpreter& interp_;
  const CheckOptions& options_;
  SearchResult& result_;
  Budget budget_{options_, Clock::now()};
  Schedule schedule_;
  std::vector<PackedState> path_;  // path_[i]: the state after i steps
  absl::flat_hash_map<uint64_t, size_t> seen_;
  absl::flat_hash_set<uint64_t> examined_;  // states that started an examined cycle
  PackScratch scratch_;
  StepOutput out_;
  std::vector<Transition> transitions_;
  std::vector<BugOccurrence> found_;
};

// A timed wait may go either way: the same random choice for every strategy.
Transition ChooseOutcome(const std::vector<Transition>& transitions, uint16_t thread,
                         std::mt19937_64& rng) {
  std::vector<Transition> mine;
  for (const Transition& t : transitions)
    if (t.thread == thread) mine.push_back(t);
  return mine[rng() % mine.size()];
}

void RunExecutions(const Interpreter& interp, const CheckOptions& o, SearchResult& result) {
  Executor executor(interp, o, result);
  std::mt19937_64 rng(o.seed);
  const size_t max_steps = o.max_depth > 0 ? static_cast<size_t>(o.max_depth) : kDefaultExecutionSteps;
  const uint64_t executions = std::max<uint64_t>(o.executions, 1);
  uint64_t done = 0;
  size_t longest = 1;  // PCT's k: the most steps an execution took so far
  int threads = 1;     // PCT's n
  for (; done < executions && result.limit.empty(); ++done) {
    int64_t steps;
    if (o.strategy == Strategy::kRandom || done == 0) {
      // (PCT's first execution is a random one: it measures k.)
      steps = executor.Run(max_steps, [&](const Machine& m, const std::vector<Transition>& trs,
                                          size_t, bool) {
        threads = std::max(threads, m.num_threads);
        return trs[rng() % trs.size()];
      });
    } else {
      // Priorities: at least d for threads as they appear; the d-1 change points lower the
      // running thread's priority to d-1, d-2, ..., 1.
      const int d = std::max(o.pct_depth, 1);
      std::vector<uint64_t> priority;
      std::vector<size_t> change;
      for (int i = 0; i + 1 < d; ++i) change.push_back(1 + rng() % longest);
      std::sort(change.begin(), change.end());
      size_t next_change = 0;
      steps = executor.Run(max_steps, [&](const Machine& m, const std::vector<Transition>& trs,
                                          size_t step, bool looped) {
        threads = std::max(threads, m.num_threads);
        if (looped) return trs[rng() % trs.size()];
        while (priority.size() < static_cast<size_t>(m.num_threads))
          priority.push_back(static_cast<uint64_t>(d) + (rng() >> 2));
        uint16_t best = trs[0].thread;
        for (const Transition& t : trs)
          if (priority[t.thread] > priority[best]) best = t.thread;
        while (next_change < change.size() && change[next_change] <= step + 1) {
          priority[best] = static_cast<uint64_t>(d - 1 - static_cast<int>(next_change));
          ++next_change;
        }
        return ChooseOutcome(trs, best, rng);
      });
    }
    if (steps < 0) return;
    longest = std::max(longest, static_cast<size_t>(steps));
  }
  for (BugOccurrence& w : executor.lock_order.Warnings()) executor.bugs.Add(std::move(w));
  result.bugs = executor.bugs.Take();
  result.states = executor.visited_.size();
  result.store_bytes = executor.visited_.bytes();
  result.complete = false;
  if (result.limit.empty()) result.limit = "strategy";
  if (o.strategy == Strategy::kRandom) {
    result.coverage = absl::StrCat(done, " random executions (seed ", o.seed, "), at most ",
                                   max_steps, " steps each; not exhaustive");
  } else {
    const int d = std::max(o.pct_depth, 1);
    double p = 1.0 / (threads * std::pow(static_cast<double>(longest), d - 1));
    result.coverage = absl::StrFormat(
        "%d PCT executions (seed %d, depth %d): each finds a given bug of depth %d with "
        "probability at least 1/(n k^%d) = %.3g (n = %d threads, k = %d steps); not exhaustive",
        done, o.seed, d, d, d - 1, p, threads, longest);
  }
}

// Iterative preemption bounding (see strategies.h).
void RunBounded(const Interpreter& interp, const CheckOptions& o, SearchResult& result) {
  struct Entry {
    PackedState state;
    std::vector<Transition> transitions;
    size_t next = 0;
    int current = -1;  // the thread that ran last
    int preemptions = 0;
  };
  Budget budget(o, Clock::now());
  BugTable bugs;
  LockOrderGraph lock_order(interp);
  Machine work;
  PackScratch scratch;
  StepOutput out;
  out.should_stop = budget.StopRequest();
  std::vector<BugOccurrence> found;
  std::vector<Entry> stack;
  int bound = 0;
  bool cut = true;
  uint64_t states = 0, bytes = 0;
  for (; bound <= o.preemptions && cut && result.limit.empty(); ++bound) {
    cut = false;
    // A state reached with `current` running, and the fewest preemptions that reached it.
    absl::flat_hash_map<uint64_t, int> visited;
    auto key = [](uint64_t fp, int current) {
      return fp ^ (static_cast<uint64_t>(current + 1) * 0x9E3779B97F4A7C15ull);
    };
    stack.clear();
    stack.emplace_back();
    interp.Init(work);
    visited.emplace(key(Pack(work, stack[0].state, scratch), -1), 0);
    EnabledTransitions(interp, work, stack[0].transitions);
    while (!stack.empty() && result.limit.empty()) {
      Entry& top = stack.back();
      if (top.next == top.transitions.size()) {
        stack.pop_back();
        continue;
      }
      Transition tr = top.transitions[top.next++];
      bool current_can_go_on = std::any_of(
          top.transitions.begin(), top.transitions.end(),
          [&](const Transition& t) { return t.thread == top.current; });
      int preemptions = top.preemptions + (current_can_go_on && tr.thread != top.current);
      if (preemptions > bound) {
        cut = true;
        continue;
      }
      Unpack(top.state, work);
      out.Clear();
      interp.Step(work, tr.thread, tr.choice, out);
      ++result.transitions;
      auto schedule = [&] {
        Schedule s;
        for (size_t i = 1; i < stack.size(); ++i) {
          const Transition& via = stack[i - 1].transitions[stack[i - 1].next - 1];
          s.push_back(StepOf(via));
        }
        s.push_back(StepOf(tr));
        return s;
      };
      if (!out.abandoned.empty()) {  // given up at a bound
        result.limit = out.abandoned;
        break;
      }
      found.clear();
      if (!ExamineEvents(out, found, result.input_error)) {
        result.input_error->thread = tr.thread;
        return;
      }
      Entry next;
      uint64_t fp = Pack(work, next.state, scratch);
      auto [it, is_new] = visited.try_emplace(key(fp, tr.thread), preemptions);
      if (is_new) {
        EnabledTransitions(interp, work, next.transitions);
        CheckDeadlock(interp, work, next.transitions, found);
        lock_order.Observe(work, tr.thread, schedule);
      }
      for (BugOccurrence& b : found) bugs.Add(std::move(b), stack.size(), schedule);
      if (!is_new) {
        if (it->second <= preemptions) continue;
        it->second = preemptions;
        EnabledTransitions(interp, work, next.transitions);
      }
      if (o.max_depth > 0 && static_cast<int64_t>(stack.size()) >= o.max_depth) {
        cut = true;
        continue;
      }
      result.max_depth = std::max(result.max_depth, static_cast<int64_t>(stack.size()));
      if (o.max_states > 0 && visited.size() >= o.max_states) result.limit = "max-states";
      if (std::string limit = budget.Exhausted(); !limit.empty()) result.limit = limit;
      next.current = tr.thread;
      next.preemptions = preemptions;
      stack.push_back(std::move(next));
    }
    states = visited.size();
    bytes = visited.capacity() * (sizeof(std::pair<uint64_t, int>) + 1);
  }
  --bound;
  for (BugOccurrence& w : lock_order.Warnings()) bugs.Add(std::move(w));
  result.bugs = bugs.Take();
  result.states = states;
  result.store_bytes = bytes;
  result.complete = !cut && result.limit.empty();
  if (!result.complete && result.limit.empty()) result.limit = "strategy";
  result.coverage =
      result.complete
          ? absl::StrCat("every schedule (none needs more than ", bound, " preemptions)")
          : absl::StrCat("every schedule with at most ", bound,
                         " preemptions (iterative preemption bounding); not exhaustive");
}

}  // namespace

SearchResult RunStrategy(const Interpreter& interp, const CheckOptions& options) {
  SearchResult result;
  result.strategy = std::string(StrategyName(options.strategy));
  if (options.strategy == Strategy::kBounded) {
    RunBounded(interp, options, result);
    if (result.complete && !result.input_error) {
      // Every schedule fits the bound, so the state space is small enough for the exhaustive
      // search, which also looks for fair cycles (the bounded search cannot: it cuts cycles).
      std::string coverage = std::move(result.coverage);
      uint64_t transitions = result.transitions;
      result = Explorer(interp, options).Run();
      result.strategy = "bounded";
      result.coverage = coverage + ", then the exhaustive search of all of them";
      result.transitions += transitions;
    }
  } else {
    RunExecutions(interp, options, result);
  }
  if (result.input_error) result.bugs.clear();
  return result;
}

}  // namespace lockcheck
