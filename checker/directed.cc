#include "checker/directed.h"

#include <algorithm>
#include <queue>
#include <utility>

#include "checker/budget.h"
#include "checker/compact_state.h"
#include "checker/counterexample.h"
#include "checker/lock_order.h"
#include "checker/por.h"
#include "checker/visited_set.h"

namespace lockcheck {

int DeadlockScore(const Interpreter& interp, const Machine& m) {
  if (interp.Ended(m)) return 0;
  int score = 0;
  for (int t = 0; t < m.num_threads; ++t) {
    if (!m.threads[t].finished && interp.Choices(m, t) == 0) ++score;
  }
  const std::vector<uint32_t> private_locks = interp.PrivateLocks(m);
  for (uint32_t obj = 0; obj < m.objs.size(); ++obj) {
    const ObjType type = m.objs[obj].type;
    if (type != ObjType::kLock && type != ObjType::kRLock) continue;
    for (int t = 0; t < m.num_threads; ++t) {
      if (m.threads[t].finished || !HeldBy(m, obj, t)) continue;
      if (std::find(private_locks.begin(), private_locks.end(), obj) == private_locks.end())
        ++score;
      break;
    }
  }
  return score;
}

namespace {

// Replays `schedule` without tracing; the bug with `key` its last step shows, if the schedule
// fits the scenario and it does.
std::optional<BugOccurrence> ReplayTo(const Interpreter& interp, const Schedule& schedule,
                                      const std::string& key, Machine& m, StepOutput& out) {
  if (schedule.empty()) return std::nullopt;
  interp.Init(m);
  std::vector<BugOccurrence> found;
  std::vector<Transition> transitions;
  std::optional<VmEvent> input_error;
  for (size_t i = 0; i < schedule.size(); ++i) {
    const ScheduleStep& s = schedule[i];
    const uint32_t choice = ChoiceOf(s);
    if (interp.Ended(m) || s.thread >= m.num_threads ||
        !ChoiceAvailable(interp, m, s.thread, choice))
      return std::nullopt;
    out.Clear();
    interp.Step(m, s.thread, choice, out);
    if (!out.abandoned.empty()) return std::nullopt;
    found.clear();
    if (!ExamineEvents(out, found, input_error)) return std::nullopt;
    if (i + 1 < schedule.size()) continue;
    EnabledTransitions(interp, m, transitions);
    CheckDeadlock(interp, m, transitions, found);
  }
  for (BugOccurrence& b : found) {
    if (b.key == key) return std::move(b);
  }
  return std::nullopt;
}

}  // namespace

std::optional<BugOccurrence> ConfirmByReplay(const Interpreter& interp, const Schedule& schedule,
                                             const std::string& key) {
  Replayed replayed = ReplaySchedule(interp, schedule);
  if (!replayed.error.empty() || replayed.input_error) return std::nullopt;
  for (BugOccurrence& b : replayed.last_step_bugs) {
    if (b.key != key) continue;
    b.schedule = schedule;
    return std::move(b);
  }
  return std::nullopt;
}

Schedule ShortenSchedule(const Interpreter& interp, const Schedule& schedule,
                         const std::string& key) {
  Schedule best = schedule;
  Machine m;
  StepOutput out;
  for (bool dropped = true; dropped;) {
    dropped = false;
    // From the end: a late step of a thread that has nothing to do with the bug (one that ran
    // on, or finished) goes first, and the steps before it are tried against what is left.
    for (size_t i = best.size(); i-- > 0;) {
      Schedule without = best;
      without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
      if (!ReplayTo(interp, without, key, m, out)) continue;
      best = std::move(without);
      dropped = true;
    }
  }
  return best;
}

DirectedResult DirectedSearch(const Interpreter& interp, const CheckOptions& options,
                              uint64_t max_states, std::chrono::steady_clock::time_point start) {
  DirectedResult result;
  const Reduction reduction(interp.runtime());
  Budget budget(options, start);
  LockOrderGraph lock_order(interp);

  // Every stored state: how it was reached, and (while it waits to be expanded) its state.
  struct Node {
    uint32_t parent;
    Transition via;
    int64_t depth;
  };
  std::vector<Node> nodes;
  std::vector<CompactState> open_states;
  auto schedule_to = [&](uint32_t node) {
    Schedule s;
    for (uint32_t n = node; n != 0; n = nodes[n].parent) s.push_back(StepOf(nodes[n].via));
    std::reverse(s.begin(), s.end());
    return s;
  };
  // The highest score first; of equal scores, the state stored last.
  using Entry = std::pair<int, uint32_t>;
  std::priority_queue<Entry> open;

  VisitedSet visited;
  Machine work;
  PackScratch scratch;
  PackedState packed, state;
  StepOutput out;
  out.should_stop = budget.StopRequest();
  std::vector<Transition> steps, transitions;
  std::vector<BugOccurrence> found;
  std::optional<VmEvent> input_error;

  interp.Init(work);
  visited.Insert(Pack(work, packed, scratch));
  nodes.push_back({0, {0, 0}, 0});
  open_states.emplace_back();
  CompactInto(packed, open_states[0]);
  open.push({DeadlockScore(interp, work), 0});

  std::optional<std::pair<uint32_t, BugOccurrence>> first;  // the node it was found in
  while (!open.empty() && !first) {
    const uint32_t at = open.top().second;
    open.pop();
    ExpandInto(open_states[at], state);
    CompactState().swap(open_states[at]);
    Unpack(state, work);
    EnabledTransitions(interp, work, steps);
    if (options.reduction) reduction.Reduce(work, steps);
    for (const Transition& tr : steps) {
      if (!budget.Exhausted().empty()) return DirectedResult{};
      Unpack(state, work);
      out.Clear();
      interp.Step(work, tr.thread, tr.choice, out);
      ++result.transitions;
      if (!out.abandoned.empty()) return DirectedResult{};
      found.clear();
      if (!ExamineEvents(out, found, input_error)) return DirectedResult{};
      const uint64_t fingerprint = Pack(work, packed, scratch);
      const bool is_new = visited.Insert(fingerprint);
      const uint32_t node = static_cast<uint32_t>(nodes.size());
      // Recorded whenever the state is reached (not only the first time), as the exhaustive
      // search records it; the path is rebuilt only for an order's first showing.
      nodes.push_back({at, tr, nodes[at].depth + 1});
      lock_order.Observe(work, tr.thread, [&] { return schedule_to(node); });
      if (is_new) {
        EnabledTransitions(interp, work, transitions);
        CheckDeadlock(interp, work, transitions, found);
      }
      if (!found.empty()) {
        first.emplace(node, std::move(found.front()));
        break;
      }
      if (!is_new) {
        nodes.pop_back();
        continue;
      }
      result.max_depth = std::max(result.max_depth, nodes[node].depth);
      open_states.emplace_back();
      // A state at --max-depth is examined but not expanded, as in the exhaustive search.
      if (options.max_depth == 0 || nodes[node].depth < options.max_depth) {
        CompactInto(packed, open_states.back());
        open.push({DeadlockScore(interp, work), node});
      }
      if (visited.size() >= max_states) return DirectedResult{};
    }
  }
  result.states = visited.size();
  result.collision_odds = visited.CollisionOdds();
  result.store_bytes = visited.bytes() + nodes.capacity() * sizeof(Node) +
                       open_states.capacity() * sizeof(CompactState);
  for (const CompactState& s : open_states) result.store_bytes += s.capacity();
  if (!first) return result;
  const Schedule found_schedule = schedule_to(first->first);
  result.found_at = found_schedule.size();
  const std::string& key = first->second.key;
  std::optional<BugOccurrence> confirmed =
      ConfirmByReplay(interp, ShortenSchedule(interp, found_schedule, key), key);
  if (!confirmed) return result;
  result.bug = std::move(confirmed);
  result.warnings = lock_order.Warnings();
  return result;
}

void ReportFinding(const CheckOptions& options, BugKind kind, SourceLoc loc, const char* by) {
  if (options.monitor != nullptr && options.monitor->WantsFindings())
    options.monitor->Found({std::string(BugKindName(kind)), loc.line, loc.column, by});
}

SearchResult DfsSearch(const Interpreter& interp, const CheckOptions& options,
                       Explorer& explorer) {
  const bool watched = options.monitor != nullptr && options.monitor->WantsFindings();
  if (!options.stop_on_first && !watched) return explorer.Run();
  const auto start = std::chrono::steady_clock::now();
  const uint64_t bound = options.max_states != 0 ? std::min(options.max_states, kDirectedMaxStates)
                                                 : kDirectedMaxStates;
  DirectedResult directed = DirectedSearch(interp, options, bound, start);
  if (directed.bug) ReportFinding(options, directed.bug->kind, directed.bug->loc, "best-first");
  if (!directed.bug || !options.stop_on_first) return explorer.Run();
  SearchResult result;
  result.search_order = "best-first";
  result.states = directed.states;
  result.transitions = directed.transitions;
  result.max_depth = directed.max_depth;
  result.complete = false;
  result.limit = "stop-on-first";
  result.store_bytes = directed.store_bytes;
  result.collision_odds = directed.collision_odds;
  BugTable bugs;
  bugs.Add(std::move(*directed.bug));
  for (BugOccurrence& w : directed.warnings) bugs.Add(std::move(w));
  result.bugs = bugs.Take();
  return result;
}

}  // namespace lockcheck
