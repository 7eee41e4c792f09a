// Explorer::FindSchedules: shortest paths to the bugs a search found, breadth-first over the
// whole (unreduced) graph, level by level, on the search's workers.
//
// A level's states are taken in blocks, and a block is cut into contiguous slices, one per
// worker; each worker steps every transition of its slice and writes down, in order, what each
// step led to (fingerprint, whether the state was stored before this block, its bugs, the lock
// orders it shows). Then one pass over the slices in order stores the new states and gives out
// the paths, exactly as
// a one-worker search taking the same transitions in the same order would: a state reached
// twice in a level is stored from its first parent, and the first step that shows a bug gives
// it its path. So the report does not depend on the number of workers. The levels keep their
// states compacted (CompactStateList): the pass may hold a sixteenth of the search's states,
// and each new one is copied from its slice into the next level.
#include <algorithm>
#include <barrier>
#include <optional>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "checker/explorer.h"
#include "checker/lock_order.h"
#include "checker/state_list.h"
#include "checker/visited_set.h"

namespace lockcheck {
namespace {

constexpr uint32_t kNone = ~0u;

// What one step of a level led to.
struct Successor {
  uint64_t fingerprint;
  uint32_t parent;  // the state stepped from: its index in the level
  Transition via;
  uint32_t state;   // its words in the slice's `states`; kNone when stored before the block
  uint32_t step_bugs, state_bugs, bugs_end;  // its bugs in the slice's `bugs`: the step's,
                                             // then (when not stored before) the state's
  uint32_t orders, orders_end;  // the wanted lock orders the state shows, in `orders`
};

// One worker's share of a block, what it found there, and its scratch space (kept from one
// block to the next).
// Cache-line aligned: the workers' slices sit side by side, and each writes its own.
struct alignas(128) Slice {
  std::vector<Successor> successors;
  CompactStateList states;
  std::vector<BugOccurrence> bugs;
  std::vector<size_t> orders;
  // Its own: a graph's look-ups use scratch buffers of their own (one shared by the workers
  // was a data race).
  std::optional<LockOrderGraph> order_graph;

  Machine work;
  PackScratch scratch;
  StepOutput out;
  PackedState state, packed;
  std::vector<Transition> transitions, transitions_after;

  void Clear() {
    successors.clear();
    states.Clear();
    bugs.clear();
    orders.clear();
  }
};

// Steps every transition of the level's states [first, last) into `slice`. `visited` holds
// the states stored before this block (nobody writes it meanwhile).
void StepSlice(const Interpreter& interp, const VisitedSet& visited, const CompactStateList& level,
               size_t first, size_t last, const std::vector<BugOccurrence>& bugs,
               const std::vector<size_t>& wanted_orders, Slice& slice) {
  slice.Clear();
  if (!slice.order_graph) slice.order_graph.emplace(interp);
  const LockOrderGraph& orders = *slice.order_graph;
  Machine& work = slice.work;
  StepOutput& out = slice.out;
  PackedState &state = slice.state, &packed = slice.packed;
  std::vector<Transition>& transitions = slice.transitions;
  std::vector<Transition>& after = slice.transitions_after;
  std::optional<VmEvent> input_error;
  for (size_t li = first; li < last; ++li) {
    level.Get(li, state);
    Unpack(state, work);
    EnabledTransitions(interp, work, transitions);
    for (size_t k = 0; k < transitions.size(); ++k) {
      const Transition tr = transitions[k];
      // The first step goes from the state as unpacked above; each later one from it afresh.
      if (k > 0) Unpack(state, work);
      out.Clear();
      interp.Step(work, tr.thread, tr.choice, out);
      Successor s;
      s.step_bugs = static_cast<uint32_t>(slice.bugs.size());
      if (!ExamineEvents(out, slice.bugs, input_error)) {
        slice.bugs.resize(s.step_bugs);
        continue;  // the search reported the input error; no path leads through it
      }
      s.fingerprint = Pack(work, packed, slice.scratch);
      s.parent = static_cast<uint32_t>(li);
      s.via = tr;
      s.state = kNone;
      s.state_bugs = static_cast<uint32_t>(slice.bugs.size());
      s.orders = static_cast<uint32_t>(slice.orders.size());
      if (!visited.Contains(s.fingerprint)) {
        s.state = static_cast<uint32_t>(slice.states.size());
        slice.states.Add(packed);
        EnabledTransitions(interp, work, after);
        CheckDeadlock(interp, work, after, slice.bugs);
        for (size_t i : wanted_orders) {
          if (orders.Shows(work, *bugs[i].shown)) slice.orders.push_back(i);
        }
      }
      s.bugs_end = static_cast<uint32_t>(slice.bugs.size());
      s.orders_end = static_cast<uint32_t>(slice.orders.size());
      slice.successors.push_back(s);
    }
  }
}

}  // namespace

void Explorer::FindSchedules(SearchResult& result, uint64_t max_states, int job_count) {
  // Bugs seen in a step or a state are wanted by key; lassos by the state their cycle starts
  // from (the first path to it is the shortest prefix; the cycle stays as it is); lock-order
  // warnings by the first state that shows the order they name.
  absl::flat_hash_map<std::string, size_t> wanted;
  absl::flat_hash_map<uint64_t, std::vector<size_t>> wanted_entries;
  std::vector<size_t> wanted_orders;
  size_t remaining = 0;
  for (size_t i = 0; i < result.bugs.size(); ++i) {
    const BugOccurrence& b = result.bugs[i];
    if (b.kind == BugKind::kLockOrder) {
      // The first state that shows the order the warning names.
      if (!b.shown) continue;
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

  // Every stored state remembers its parent and the transition from it, so a path is rebuilt
  // by walking back.
  struct Node {
    uint32_t parent;
    Transition via;
  };
  std::vector<Node> nodes;
  auto schedule_to = [&](uint32_t node, Transition last) {
    Schedule s;
    s.push_back(StepOf(last));
    for (uint32_t n = node; n != 0; n = nodes[n].parent)
      s.push_back(StepOf(nodes[n].via));
    std::reverse(s.begin(), s.end());
    return s;
  };

  VisitedSet visited;
  CompactStateList level, next;    // the states of this level and the next
  std::vector<uint32_t> level_nodes, next_nodes;
  {
    Machine work;
    PackScratch scratch;
    PackedState packed;
    interp_.Init(work);
    visited.Insert(Pack(work, packed, scratch));
    level.Add(packed);
    level_nodes.push_back(0);
    nodes.push_back({0, {0, 0}});
  }
  // A block gives each worker up to kStatesPerWorker states (the search stops at the end of
  // the block where it has found every path: what it steps past the last one is wasted); it
  // is shared out only when each worker gets at least kMinStatesPerWorker.
  constexpr size_t kStatesPerWorker = 512, kMinStatesPerWorker = 64;
  const size_t jobs = static_cast<size_t>(std::max(1, job_count));
  std::vector<Slice> slices(jobs);
  size_t block = 0;  // the level's first state not yet stepped from
  // The block's share-out, read by the workers between the two barriers of a round.
  size_t n = 0, workers = 1;
  bool done = false;
  auto run = [&](size_t w) {
    if (w >= workers) return;
    StepSlice(interp_, visited, level, block + n * w / workers, block + n * (w + 1) / workers,
              result.bugs, wanted_orders, slices[w]);
  };
  // The workers stay for the whole pass, meeting at a barrier before and after each block
  // (starting a thread per block cost a third of a block's time in a virtual machine).
  std::barrier start(static_cast<std::ptrdiff_t>(jobs)), finish(static_cast<std::ptrdiff_t>(jobs));
  std::vector<std::jthread> pool;
  for (size_t w = 1; w < jobs; ++w) {
    pool.emplace_back([&, w] {
      for (;;) {
        start.arrive_and_wait();
        if (done) return;
        run(w);
        finish.arrive_and_wait();
      }
    });
  }
  struct Stop {
    bool& done;
    std::barrier<>& start;
    bool active;
    ~Stop() {
      done = true;
      if (active) start.arrive_and_wait();
    }
  } stop{done, start, jobs > 1};
  while (remaining > 0) {
    if (block == level.size()) {
      if (next.size() == 0) return;
      std::swap(level, next);
      std::swap(level_nodes, next_nodes);
      next.Clear();
      next_nodes.clear();
      block = 0;
    }
    n = std::min(level.size() - block, jobs * kStatesPerWorker);
    workers = std::clamp<size_t>(n / kMinStatesPerWorker, 1, jobs);
    if (workers > 1) {
      start.arrive_and_wait();
      run(0);
      finish.arrive_and_wait();
    } else {
      run(0);
    }
    block += n;
    for (size_t w = 0; w < workers; ++w) {
      const Slice& slice = slices[w];
      for (const Successor& s : slice.successors) {
        const uint32_t node = level_nodes[s.parent];
        const bool is_new = s.state != kNone && visited.Insert(s.fingerprint);
        if (is_new) {
          auto entry = wanted_entries.find(s.fingerprint);
          if (entry != wanted_entries.end()) {
            Schedule prefix = schedule_to(node, s.via);
            for (size_t i : entry->second) {
              BugOccurrence& target = result.bugs[i];
              if (prefix.size() < *target.loop_start) {
                Schedule sched = prefix;
                sched.insert(sched.end(), target.schedule.begin() + *target.loop_start,
                             target.schedule.end());
                target.schedule = std::move(sched);
                target.loop_start = prefix.size();
              }
              --remaining;
            }
            wanted_entries.erase(entry);
          }
          for (uint32_t k = s.orders; k < s.orders_end; ++k) {
            auto it = std::find(wanted_orders.begin(), wanted_orders.end(), slice.orders[k]);
            if (it == wanted_orders.end()) continue;  // shown by a state before it
            result.bugs[*it].schedule = schedule_to(node, s.via);
            wanted_orders.erase(it);
            --remaining;
          }
        }
        // The step's bugs, and the state's when it is stored here.
        for (uint32_t k = s.step_bugs; k < (is_new ? s.bugs_end : s.state_bugs); ++k) {
          const BugOccurrence& b = slice.bugs[k];
          auto it = wanted.find(b.key);
          if (it == wanted.end()) continue;
          BugOccurrence& target = result.bugs[it->second];
          Schedule sched = schedule_to(node, s.via);
          if (target.schedule.empty() || sched.size() <= target.schedule.size()) {
            // The occurrence found here, whole: the same bug may show in another thread.
            target = b;
            target.schedule = std::move(sched);
          }
          wanted.erase(it);
          --remaining;
        }
        if (remaining == 0) return;
        if (!is_new) continue;
        if (visited.size() > max_states) return;
        nodes.push_back({node, s.via});
        next_nodes.push_back(static_cast<uint32_t>(nodes.size() - 1));
        next.AddFrom(slice.states, s.state);
      }
    }
  }
}

}  // namespace lockcheck
