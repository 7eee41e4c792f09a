#include "checker/explorer.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checker/cycles.h"
#include "checker/lasso.h"
#include "checker/lock_order.h"
#include "checker/memory.h"
#include "checker/por.h"
#include "checker/visited_set.h"
#include "primitives/lock.h"

namespace lockcheck {

void EnabledTransitions(const Interpreter& interp, const Machine& m, std::vector<Transition>& out) {
  out.clear();
  if (interp.Ended(m)) return;  // daemon threads are dropped once the program ends
  for (int t = 0; t < m.num_threads; ++t) {
    uint32_t c = interp.Choices(m, t);
    if (c & kChoiceProceed) out.push_back({static_cast<uint16_t>(t), kChoiceProceed});
    if (c & kChoiceTimeout) out.push_back({static_cast<uint16_t>(t), kChoiceTimeout});
  }
}

namespace {

std::string LocKey(SourceLoc loc) { return absl::StrCat(loc.line, ":", loc.column); }

}  // namespace

bool ExamineEvents(const StepOutput& out, std::vector<BugOccurrence>& found,
                   std::optional<VmEvent>& input_error) {
  for (const VmEvent& e : out.events) {
    BugOccurrence b;
    b.thread = e.thread;
    b.exc_type = e.exc_type;
    b.message = e.message;
    b.loc = e.loc;
    switch (e.kind) {
      case VmEvent::Kind::kInputError:
        input_error = e;
        return false;
      case VmEvent::Kind::kHandled:
        // Marks the release fault raised earlier in this step; a catch in a later step (after
        // another visible operation) is not seen, and the fault stays unhandled.
        for (BugOccurrence& f : found) {
          if (f.kind == BugKind::kUnlockNotHeld && f.loc.line == e.loc.line &&
              f.loc.column == e.loc.column) {
            f.handled = true;
          }
        }
        continue;
      case VmEvent::Kind::kUnlockNotHeld:
        b.kind = BugKind::kUnlockNotHeld;
        b.key = absl::StrCat("unlock-not-held|", LocKey(e.loc));
        break;
      case VmEvent::Kind::kUncaught:
        b.kind = e.exc_type == "AssertionError" ? BugKind::kAssertion : BugKind::kException;
        b.key = absl::StrCat(std::string(BugKindName(b.kind)), "|", e.exc_type, "|",
                             LocKey(e.loc));
        break;
    }
    found.push_back(std::move(b));
  }
  return true;
}

void CheckDeadlock(const Interpreter& interp, const Machine& m,
                   const std::vector<Transition>& transitions, std::vector<BugOccurrence>& found) {
  if (!transitions.empty() || interp.Ended(m)) return;
  std::vector<std::string> waits;
  BugOccurrence b;
  b.kind = BugKind::kDeadlock;
  for (int t = 0; t < m.num_threads; ++t) {
    if (m.threads[t].finished) continue;
    Interpreter::WaitInfo w = interp.DescribeWait(m, t);
    if (waits.empty()) {
      b.thread = t;
      b.loc = w.loc;
    }
    waits.push_back(LocKey(w.loc));
  }
  std::sort(waits.begin(), waits.end());
  waits.erase(std::unique(waits.begin(), waits.end()), waits.end());
  b.key = absl::StrCat("deadlock|", absl::StrJoin(waits, ","));
  found.push_back(std::move(b));
}

void BugTable::Add(BugOccurrence b, size_t length, const std::function<Schedule()>& schedule) {
  auto it = index_.find(b.key);
  if (it == index_.end()) {
    b.schedule = schedule();
    index_.emplace(b.key, bugs_.size());
    bugs_.push_back(std::move(b));
  } else if (length < bugs_[it->second].schedule.size()) {
    b.schedule = schedule();
    bugs_[it->second] = std::move(b);
  }
}

std::vector<BugOccurrence> BugTable::Take() {
  std::sort(bugs_.begin(), bugs_.end(),
            [](const BugOccurrence& a, const BugOccurrence& b) { return a.key < b.key; });
  return std::move(bugs_);
}

namespace {

struct StackEntry {
  PackedState state;
  std::vector<Transition> transitions;
  size_t next = 0;
  Transition via{0, 0};   // the transition that led here
  uint32_t component = 0; // its position on Tarjan's stack
};

ThreadMask ThreadsOf(const std::vector<Transition>& transitions) {
  ThreadMask mask = 0;
  for (const Transition& t : transitions) mask |= ThreadBit(t.thread);
  return mask;
}

// Tarjan's algorithm beside the depth-first search (see the file comment of explorer.h).
// Positions on Tarjan's stack stand for discovery numbers: a state's `low` is the lowest
// position it reaches, and a state whose `low` is its own position, once finished, is the
// first state of a component made of it and every state above it.
class ComponentTracker {
 public:
  struct Step {
    uint32_t src, dst;  // positions on Tarjan's stack
    Transition via;
    bool timed;
  };
  struct Node {
    uint64_t fingerprint;
    uint32_t low;
    uint32_t first_step;  // steps[first_step] is the step into it (none for the initial state)
    ThreadMask enabled;
  };

  // A new state reached from `from` (kNoPosition for the initial state); returns its position.
  uint32_t Discover(uint64_t fingerprint, ThreadMask enabled, uint32_t from, Transition via,
                    bool timed) {
    uint32_t at = static_cast<uint32_t>(nodes_.size());
    uint32_t first = static_cast<uint32_t>(steps_.size());
    if (from != kNoPosition) steps_.push_back({from, at, via, timed});
    nodes_.push_back({fingerprint, at, first, enabled});
    positions_.emplace(fingerprint, at);
    return at;
  }
  // A step from `from` to a state seen before.
  void Revisit(uint64_t fingerprint, uint32_t from, Transition via, bool timed) {
    auto it = positions_.find(fingerprint);
    if (it == positions_.end()) return;  // its component is complete: no cycle through it
    nodes_[from].low = std::min(nodes_[from].low, it->second);
    steps_.push_back({from, it->second, via, timed});
  }
  // The state at `at` has no more steps to take. When it completes a component, returns true
  // and leaves it to Component() and Pop(); otherwise passes its `low` to `parent`.
  bool Finish(uint32_t at, uint32_t parent) {
    if (nodes_[at].low == at) return true;
    if (parent != kNoPosition) nodes_[parent].low = std::min(nodes_[parent].low, nodes_[at].low);
    return false;
  }
  // The component starting at `at`, its states numbered from 0; `vias` gets each step's
  // transition. Empty when it has no step (a state on no cycle).
  ComponentGraph Component(uint32_t at, std::vector<Transition>& vias) const {
    ComponentGraph g;
    vias.clear();
    for (size_t i = nodes_[at].first_step; i < steps_.size(); ++i) {
      const Step& s = steps_[i];
      if (s.src < at || s.dst < at) continue;
      g.edges.push_back({s.src - at, s.dst - at, s.via.thread, s.timed});
      vias.push_back(s.via);
    }
    if (g.edges.empty()) return g;
    for (size_t i = at; i < nodes_.size(); ++i) g.enabled.push_back(nodes_[i].enabled);
    return g;
  }
  // Forgets the component starting at `at` (and the step into it).
  void Pop(uint32_t at) {
    for (size_t i = at; i < nodes_.size(); ++i) positions_.erase(nodes_[i].fingerprint);
    steps_.resize(nodes_[at].first_step);
    nodes_.resize(at);
  }
  uint64_t bytes() const {
    return nodes_.capacity() * sizeof(Node) + steps_.capacity() * sizeof(Step) +
           positions_.capacity() * (sizeof(std::pair<uint64_t, uint32_t>) + 1);
  }

  static constexpr uint32_t kNoPosition = ~0u;

 private:
  std::vector<Node> nodes_;
  std::vector<Step> steps_;
  absl::flat_hash_map<uint64_t, uint32_t> positions_;
};

}  // namespace

SearchResult Explorer::Run() {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  SearchResult result;
  const uint64_t memory_limit = options_.memory_limit_mb > 0 ? options_.memory_limit_mb << 20
                                                             : DefaultMemoryLimitBytes();
  VisitedSet visited;
  BugTable bugs;
  Machine work;
  PackScratch scratch;
  StepOutput out;
  std::vector<BugOccurrence> found;

  std::vector<StackEntry> stack;
  stack.reserve(64);
  size_t depth = 0;  // stack[0 .. depth) are live; deeper entries keep their buffers for reuse

  // Pushes the state just reached: its packed form (moved in from `packed`) and the
  // transitions it has.
  auto push = [&](PackedState& packed, std::vector<Transition>& transitions, Transition via) {
    if (depth == stack.size()) stack.emplace_back();
    StackEntry& e = stack[depth++];
    std::swap(e.state, packed);
    std::swap(e.transitions, transitions);
    e.next = 0;
    e.via = via;
  };
  auto schedule_to = [&](Transition last) {
    Schedule s;
    for (size_t i = 1; i < depth; ++i)
      s.push_back({stack[i].via.thread, stack[i].via.choice == kChoiceTimeout});
    s.push_back({last.thread, last.choice == kChoiceTimeout});
    return s;
  };

  ComponentTracker components;
  LockOrderGraph lock_order(interp_);
  const Reduction reduction(interp_.runtime().program);
  // The state's transitions, narrowed to an ample set where the reduction allows; returns the
  // threads enabled in it (all of them: what fairness is judged by).
  auto expand = [&](const Machine& m, std::vector<Transition>& transitions) {
    EnabledTransitions(interp_, m, transitions);
    ThreadMask enabled = ThreadsOf(transitions);
    if (options_.reduction && reduction.Reduce(m, transitions)) ++result.reduced_states;
    return enabled;
  };
  Machine root;
  std::vector<Transition> vias;
  // The entry at `d` completes a component: check its fair cycles, as lassos from that state.
  auto check_component = [&](size_t d) {
    ComponentGraph g = components.Component(stack[d].component, vias);
    if (g.edges.empty()) return;
    Unpack(stack[d].state, root);
    if (root.num_threads > kMaxCycleThreads) {
      result.cycles_skipped = true;
      return;
    }
    for (int t = 0; t < root.num_threads; ++t) {
      if (!root.threads[t].finished && !root.threads[t].daemon) g.live |= ThreadBit(t);
    }
    Schedule prefix;
    for (size_t i = 1; i <= d; ++i)
      prefix.push_back({stack[i].via.thread, stack[i].via.choice == kChoiceTimeout});
    for (const FairCycle& c : FindFairCycles(g, options_.fairness)) {
      Schedule s = prefix;
      auto add = [&](uint32_t e) {
        s.push_back({vias[e].thread, vias[e].choice == kChoiceTimeout});
      };
      for (uint32_t e : c.entry_path) add(e);
      size_t loop_start = s.size();
      for (uint32_t e : c.cycle) add(e);
      LassoResult lasso = ExamineLasso(interp_, root, prefix.size(), s, loop_start,
                                       options_.fairness);
      if (lasso.bug) bugs.Add(std::move(*lasso.bug), s.size(), [&] { return s; });
    }
  };

  PackedState next;
  std::vector<Transition> next_transitions;
  interp_.Init(work);
  uint64_t initial = Pack(work, next, scratch);
  ThreadMask initial_enabled = expand(work, next_transitions);
  visited.Insert(initial);
  // Only states that may lie on a cycle go to Tarjan's algorithm (see tracked()).
  auto tracked = [&](const Machine& m) { return options_.cycles && reduction.MayCycle(m); };
  uint32_t initial_position =
      tracked(work) ? components.Discover(initial, initial_enabled, ComponentTracker::kNoPosition,
                                          {0, 0}, false)
                    : ComponentTracker::kNoPosition;
  push(next, next_transitions, {0, 0});
  stack[0].component = initial_position;

  while (depth > 0) {
    StackEntry& top = stack[depth - 1];
    if (top.next == top.transitions.size()) {
      uint32_t parent = depth > 1 ? stack[depth - 2].component : ComponentTracker::kNoPosition;
      if (top.component != ComponentTracker::kNoPosition &&
          components.Finish(top.component, parent)) {
        check_component(depth - 1);
        components.Pop(top.component);
        if (options_.stop_on_first && bugs.size() > 0) {
          result.complete = false;
          result.limit = "stop-on-first";
          break;
        }
      }
      --depth;
      continue;
    }
    Transition tr = top.transitions[top.next++];
    Unpack(top.state, work);
    out.Clear();
    interp_.Step(work, tr.thread, tr.choice, out);
    ++result.transitions;

    found.clear();
    if (!ExamineEvents(out, found, result.input_error)) {
      result.input_error->thread = tr.thread;
      result.bugs.clear();
      result.states = visited.size();
      return result;
    }
    uint64_t fingerprint = Pack(work, next, scratch);
    bool is_new = visited.Insert(fingerprint);
    bool timed = tr.choice == kChoiceTimeout || out.slept;
    ThreadMask enabled = 0;
    if (is_new) {
      // A state's own bugs (deadlock) are examined once, the first time it is reached.
      enabled = expand(work, next_transitions);
      CheckDeadlock(interp_, work, next_transitions, found);
      lock_order.Observe(work, nullptr);
    } else if (top.component != ComponentTracker::kNoPosition) {
      components.Revisit(fingerprint, top.component, tr, timed);
    }
    for (BugOccurrence& b : found) bugs.Add(std::move(b), depth, [&] { return schedule_to(tr); });
    if (options_.stop_on_first && bugs.size() > 0) {
      result.complete = false;
      result.limit = "stop-on-first";
      break;
    }
    if (!is_new) continue;
    int64_t new_depth = static_cast<int64_t>(depth);
    result.max_depth = std::max(result.max_depth, new_depth);

    if (options_.max_states != 0 && visited.size() >= options_.max_states) {
      result.complete = false;
      result.limit = "max-states";
      break;
    }
    if ((visited.size() & 1023) == 0) {
      double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (options_.time_limit > 0 && seconds > options_.time_limit) {
        result.complete = false;
        result.limit = "time-limit";
        break;
      }
      if (CurrentRssBytes() > memory_limit) {
        result.complete = false;
        result.limit = "memory-limit";
        break;
      }
    }
    if (options_.max_depth != 0 && new_depth >= options_.max_depth) {
      // Not expanded: the bound cuts the search here (if the state has anywhere to go).
      if (!next_transitions.empty()) {
        result.complete = false;
        result.limit = "max-depth";
      }
      continue;
    }
    uint32_t position = tracked(work)
                            ? components.Discover(fingerprint, enabled, top.component, tr, timed)
                            : ComponentTracker::kNoPosition;
    push(next, next_transitions, tr);
    stack[depth - 1].component = position;
  }

  // Stack entries are never freed, only reused, so what they hold now is their peak.
  uint64_t stack_bytes = 0;
  for (const StackEntry& e : stack) {
    stack_bytes += e.state.capacity() * sizeof(uint64_t) +
                   e.transitions.capacity() * sizeof(Transition);
  }
  for (BugOccurrence& w : lock_order.Warnings()) {
    size_t length = w.schedule.size();
    Schedule s = w.schedule;
    bugs.Add(std::move(w), length, [&] { return s; });
  }
  if (result.cycles_skipped && result.complete) {
    // Over 64 threads: every other check ran, but fair cycles were not looked for.
    result.complete = false;
    result.limit = "cycle-threads";
  }
  result.bugs = bugs.Take();
  result.states = visited.size();
  result.store_bytes = visited.bytes() + stack_bytes + components.bytes();
  result.collision_odds = visited.CollisionOdds();
  return result;
}

void Explorer::ShortestSchedules(SearchResult& result, uint64_t max_states) {
  FindSchedules(result, max_states, nullptr);
  // A bug still without a path (lock-order warnings, and every bug of a parallel search, come
  // without one) when the bound stopped the search for short ones: the same search in the
  // reduced graph, where the search found it, finds it.
  if (std::any_of(result.bugs.begin(), result.bugs.end(),
                  [](const BugOccurrence& b) { return b.schedule.empty(); })) {
    const Reduction reduction(interp_.runtime().program);
    FindSchedules(result, UINT64_MAX, options_.reduction ? &reduction : nullptr);
  }
}

void Explorer::FindSchedules(SearchResult& result, uint64_t max_states,
                             const Reduction* reduction) {
  // Bugs seen in a step or a state are wanted by key; lassos by the state their cycle starts
  // from (the first path to it is the shortest prefix; the cycle stays as it is); lock-order
  // warnings without a path by the first state that shows their order. In the reduced graph
  // only bugs still without a path are wanted.
  absl::flat_hash_map<std::string, size_t> wanted;
  absl::flat_hash_map<uint64_t, std::vector<size_t>> wanted_entries;
  std::vector<size_t> wanted_orders;
  const LockOrderGraph orders(interp_);
  size_t remaining = 0;
  for (size_t i = 0; i < result.bugs.size(); ++i) {
    const BugOccurrence& b = result.bugs[i];
    if (reduction != nullptr && !b.schedule.empty()) continue;
    if (b.kind == BugKind::kLockOrder) {
      // A path already found only shows where one of its orders was seen.
      if (!b.schedule.empty() || !b.shown) continue;
      wanted_orders.push_back(i);
      ++remaining;
    } else if (!b.loop_start) {
      wanted.emplace(b.key, i);
      ++remaining;
    } else if (*b.loop_start > 0) {
      wanted_entries[b.loop_entry].push_back(i);
      ++remaining;
    }
  }

  // Breadth-first, level by level. Every stored state remembers its parent and the transition
  // from it, so a path is rebuilt by walking back.
  struct Node {
    uint32_t parent;
    Transition via;
  };
  std::vector<Node> nodes;
  VisitedSet visited;
  Machine work;
  PackScratch scratch;
  StepOutput out;
  std::vector<BugOccurrence> found;
  std::optional<VmEvent> input_error;
  std::vector<Transition> transitions, transitions_after;
  std::vector<std::pair<uint32_t, PackedState>> level, next_level;

  auto schedule_to = [&](uint32_t node, Transition last) {
    Schedule s;
    s.push_back({last.thread, last.choice == kChoiceTimeout});
    for (uint32_t n = node; n != 0; n = nodes[n].parent)
      s.push_back({nodes[n].via.thread, nodes[n].via.choice == kChoiceTimeout});
    std::reverse(s.begin(), s.end());
    return s;
  };

  interp_.Init(work);
  level.emplace_back(0, PackedState());
  visited.Insert(Pack(work, level[0].second, scratch));
  nodes.push_back({0, {0, 0}});
  // Both levels keep their packed-state buffers from one level to the next, so the search
  // does not allocate per state once they have grown.
  size_t level_size = 1, next_size = 0;
  while (level_size > 0 && remaining > 0) {
    next_size = 0;
    for (size_t li = 0; li < level_size; ++li) {
      uint32_t node = level[li].first;
      const PackedState& state = level[li].second;
      Unpack(state, work);
      EnabledTransitions(interp_, work, transitions);
      if (reduction != nullptr) reduction->Reduce(work, transitions);
      for (Transition tr : transitions) {
        Unpack(state, work);
        out.Clear();
        interp_.Step(work, tr.thread, tr.choice, out);
        found.clear();
        if (!ExamineEvents(out, found, input_error)) continue;
        if (next_size == next_level.size()) next_level.emplace_back();
        PackedState& packed = next_level[next_size].second;
        uint64_t fingerprint = Pack(work, packed, scratch);
        bool is_new = visited.Insert(fingerprint);
        if (is_new) {
          EnabledTransitions(interp_, work, transitions_after);
          CheckDeadlock(interp_, work, transitions_after, found);
          auto entry = wanted_entries.find(fingerprint);
          if (entry != wanted_entries.end()) {
            Schedule prefix = schedule_to(node, tr);
            for (size_t i : entry->second) {
              BugOccurrence& target = result.bugs[i];
              if (prefix.size() < *target.loop_start) {
                Schedule s = prefix;
                s.insert(s.end(), target.schedule.begin() + *target.loop_start,
                         target.schedule.end());
                target.schedule = std::move(s);
                target.loop_start = prefix.size();
              }
              --remaining;
            }
            wanted_entries.erase(entry);
          }
          std::erase_if(wanted_orders, [&](size_t i) {
            if (!orders.Shows(work, *result.bugs[i].shown)) return false;
            result.bugs[i].schedule = schedule_to(node, tr);
            --remaining;
            return true;
          });
        }
        for (const BugOccurrence& b : found) {
          auto it = wanted.find(b.key);
          if (it == wanted.end()) continue;
          BugOccurrence& target = result.bugs[it->second];
          Schedule s = schedule_to(node, tr);
          if (target.schedule.empty() || s.size() <= target.schedule.size()) {
            // The occurrence found here, whole: the same bug may show in another thread.
            target = b;
            target.schedule = std::move(s);
          }
          wanted.erase(it);
          --remaining;
        }
        if (remaining == 0) return;
        if (!is_new) continue;
        if (visited.size() > max_states) return;
        nodes.push_back({node, tr});
        next_level[next_size++].first = static_cast<uint32_t>(nodes.size() - 1);
      }
    }
    std::swap(level, next_level);
    level_size = next_size;
  }
}

}  // namespace lockcheck
