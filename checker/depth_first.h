// The depth-first worker of the exhaustive search and what it runs on: its stack, Tarjan's
// algorithm beside it, and what the workers of one search share (explorer.h's file comment
// says how the search goes). Used by explorer.cc, which runs the workers, and by distributed.cc
// for the search over a recorded graph (SearchRecorded); not an interface.
#ifndef LOCKCHECK_CHECKER_DEPTH_FIRST_H_
#define LOCKCHECK_CHECKER_DEPTH_FIRST_H_

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "checker/compact_state.h"
#include "checker/cycles.h"
#include "checker/estimate.h"
#include "checker/explorer.h"
#include "checker/growth.h"
#include "checker/lock_order.h"
#include "checker/por.h"
#include "checker/recorded_graph.h"
#include "checker/swarm.h"
#include "checker/visited_set.h"

namespace lockcheck {

// A recording search's (recorded_graph.h) account of one state's transitions on a stack entry
// or a handed-on task: whether this worker writes them down (it stored the state, or was
// handed some of its transitions by a worker that did); the state; and the place of the
// list's first transition in the state's own order, and the direction the list runs in it (a
// worker taking steps in the opposite order has it reversed).
struct RecordPart {
  bool recorded = false;
  bool descending = false;
  uint32_t canon_first = 0;
  uint64_t fingerprint = 0;
  ThreadMask enabled = 0;
  bool may_cycle = false;
  bool state_bugs = false;
};

struct StackEntry {
  // Kept only while the search has to come back to it (see DepthFirstWorker::Push).
  CompactState state;
  std::vector<Transition> transitions;
  size_t next = 0;
  Transition via{0, 0};   // the transition that led here
  uint32_t component = 0; // its position on Tarjan's stack
  // A recording search's: the part of the state's transitions this entry writes down, and
  // what the transitions taken led to.
  RecordPart part;
  std::vector<RecordedStep> steps;
  // The replayed search's: the state's record.
  RecordedGraph::Node node = RecordedGraph::kNone;
};

// The VM refuses a thread past kMaxThreads, so every thread index has its own bit.
static_assert(kMaxThreads <= kMaxCycleThreads, "a thread index must fit in a ThreadMask");

inline ThreadMask ThreadsOf(const std::vector<Transition>& transitions) {
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
    StepMarks marks;
  };
  struct Node {
    uint64_t fingerprint;
    uint32_t low;
    uint32_t first_step;  // steps[first_step] is the step into it (none for the initial state)
    ThreadMask enabled;
  };

  // A new state reached from `from` (kNoPosition for the initial state); returns its position.
  uint32_t Discover(uint64_t fingerprint, ThreadMask enabled, uint32_t from, Transition via,
                    StepMarks marks) {
    uint32_t at = static_cast<uint32_t>(nodes_.size());
    uint32_t first = static_cast<uint32_t>(steps_.size());
    if (from != kNoPosition) steps_.push_back({from, at, via, marks});
    nodes_.push_back({fingerprint, at, first, enabled});
    positions_.emplace(fingerprint, at);
    return at;
  }
  // A step from `from` to a state seen before.
  void Revisit(uint64_t fingerprint, uint32_t from, Transition via,
               StepMarks marks) {
    auto it = positions_.find(fingerprint);
    if (it == positions_.end()) return;  // its component is complete: no cycle through it
    nodes_[from].low = std::min(nodes_[from].low, it->second);
    steps_.push_back({from, it->second, via, marks});
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
      g.edges.push_back({s.src - at, s.dst - at, s.via.thread, s.marks.timed, s.marks.parks,
                         s.marks.woke_unfairly});
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


// What the workers of one search share: the visited table, the work they hand each other, and
// why they stopped.
struct SharedSearch {
  SharedSearch(int jobs, uint64_t hash_seed) : visited(jobs > 1, hash_seed) {}
  SharedVisitedSet visited;
  std::atomic<bool> stop{false};
  std::atomic<int> idle{0};  // workers waiting for work (written under `mu`)
  std::mutex mu;
  std::condition_variable wake;
  // A state with the transitions still to take from it, handed from one worker to another.
  struct Task {
    PackedState state;
    std::vector<Transition> transitions;
    int64_t depth = 0;
    RecordPart part;  // a recording search's (as StackEntry's)
  };
  std::vector<Task> pool;   // under `mu`
  std::string limit;        // under `mu`: the first bound that stopped the search
  std::optional<VmEvent> input_error;  // under `mu`
  bool may_cycle = false;   // under `mu`: a state that may lie on a cycle (see Run)
  const StateEstimate* estimate = nullptr;  // the probes' (estimate.h), for the progress line

  void Stop(std::string why) {
    {
      // Under the mutex, so that a worker about to wait for work sees it.
      std::lock_guard<std::mutex> lock(mu);
      if (limit.empty()) limit = std::move(why);
      stop = true;
    }
    wake.notify_all();
  }
};

// One depth-first worker (see the file comment of explorer.h). With `tracking`, it is the only
// worker and runs Tarjan's algorithm beside its search; otherwise it hands the bottom of its
// stack to idle workers, and its bugs carry no paths (ShortestSchedules finds them).
// Aligned and padded to cache lines, and each worker's buffers come from its own thread
// (Search): two workers' hot data sharing a line costs each a cache miss per write.
class alignas(128) DepthFirstWorker {
 public:
  DepthFirstWorker(const Interpreter& interp, const CheckOptions& options,
                   const Reduction& reduction, SharedSearch& shared, int jobs, bool tracking,
                   std::chrono::steady_clock::time_point start)
      : interp_(interp),
        options_(options),
        reduction_(reduction),
        shared_(shared),
        jobs_(jobs),
        tracking_(tracking),
        start_(start),
        lock_order_(interp),
        growth_(interp, options.max_object_size) {
    // A swarm member's order (swarm.h); such a search runs on one worker (RunSearch).
    if (options.step_order == StepOrderKind::kRoundRobin) order_ = StepOrder::kRoundRobin;
    if (options.order_seed != 0) {
      ranked_ = true;
      rank_ = ThreadRanks(options.order_seed);
    }
  }

  // Makes the initial state this worker's first task; the first worker stores it. Workers
  // after the first take each state's steps in the opposite order, so that from the start
  // they search different parts of the graph (an idle one is also handed work).
  void Seed(int index) {
    if (index % 2 == 1) order_ = StepOrder::kReverse;
    reporter_ = index == 0;
    interp_.Init(work_);
    uint64_t fingerprint = Pack(work_, next_, scratch_);
    ThreadMask enabled = 0;
    const bool stored = shared_.visited.Insert(fingerprint);
    if (stored) {
      enabled = Expand(work_, next_transitions_);
      transitions += next_transitions_.size();
    } else {
      EnabledTransitions(interp_, work_, next_transitions_);
      if (options_.reduction) reduction_.Reduce(work_, next_transitions_);
    }
    Order(next_transitions_, -1);
    if (!Admit(work_)) return;
    base_depth_ = 0;
    Push(next_transitions_, {0, 0});
    // Only the worker that stored the initial state writes its transitions down (the others
    // take them too, from the other end, as the first work they do).
    if (recording_ && stored)
      StartRecord(stack_[0], fingerprint, enabled, reduction_.MayCycle(work_), false);
    stack_[0].component =
        tracking_ && reduction_.MayCycle(work_)
            ? components_.Discover(fingerprint, enabled, ComponentTracker::kNoPosition, {0, 0},
                                   StepMarks{})
            : ComponentTracker::kNoPosition;
  }

  void Run();
  // The search of a program with loops over the graph a recording search wrote down
  // (recorded_graph.h): Run's steps with Tarjan's algorithm, one worker, the VM only for the
  // states the fair-cycle checks look at. Returns the bound that stopped it, if any.
  std::string RunRecorded(RecordedGraph& graph);

  // A search on several workers that writes down the graph it searches (recorded_graph.h)
  // instead of stopping at a state that may lie on a cycle.
  void Record() { recording_ = true; }
  GraphLog TakeLog() { return std::move(log_); }

  // Bugs still without a path (indices into `result->bugs`): a one-worker search that wants
  // them gives each the path on which it first meets it, and stops when it has met them all.
  struct Wanted {
    SearchResult* result;
    absl::flat_hash_map<std::string, size_t> keys;
    std::vector<size_t> orders;  // lock-order warnings, by their `shown` order
  };
  void Want(Wanted* wanted) {
    wanted_ = wanted;
    order_ = StepOrder::kRoundRobin;
  }

  BugTable bugs;
  LockOrderGraph& lock_order() { return lock_order_; }
  uint64_t transitions = 0;  // of the states this worker stored (each is stored once)
  uint64_t reduced_states = 0;
  int64_t max_depth = 0;
  bool cycles_skipped = false;
  bool cut_by_depth = false;  // a state at the depth bound had steps
  uint64_t Bytes() const {
    // State buffers and stack entries are never freed, only reused, so what they hold now is
    // their peak.
    uint64_t bytes = components_.bytes() + spare_.capacity() * sizeof(CompactState);
    for (const StackEntry& e : stack_)
      bytes += e.state.capacity() + e.transitions.capacity() * sizeof(Transition);
    for (const CompactState& s : spare_) bytes += s.capacity();
    return bytes;
  }

 private:
  using Clock = std::chrono::steady_clock;

  // The state's transitions, narrowed to an ample set where the reduction allows; returns the
  // threads enabled in it (all of them: what fairness is judged by).
  ThreadMask Expand(const Machine& m, std::vector<Transition>& transitions) {
    EnabledTransitions(interp_, m, transitions);
    ThreadMask enabled = ThreadsOf(transitions);
    if (options_.reduction && reduction_.Reduce(m, transitions)) ++reduced_states;
    return enabled;
  }
  // A search without Tarjan's algorithm that must look for cycles stops at the first state
  // that may lie on one (Explorer::Run then searches again with it).
  bool Admit(const Machine& m) {
    if (tracking_ || recording_ || !options_.cycles || !reduction_.MayCycle(m)) return true;
    {
      std::lock_guard<std::mutex> lock(shared_.mu);
      shared_.may_cycle = true;
    }
    shared_.Stop("may-cycle");
    return false;
  }
  // Pushes the state in next_ and its transitions (moved in). The state moves to raw_, where
  // the search steps from it; the entry keeps it, compacted, only if the search is to come
  // back to it after a new state (or it is the bottom entry, which StateAt starts from).
  void Push(std::vector<Transition>& transitions, Transition via) {
    if (depth_ == stack_.size()) stack_.emplace_back();
    StackEntry& e = stack_[depth_++];
    if (transitions.size() > 1 || depth_ == 1) {
      if (e.state.capacity() == 0 && !spare_.empty()) {
        std::swap(e.state, spare_.back());
        spare_.pop_back();
      }
      CompactInto(next_, e.state);
    }
    std::swap(next_, raw_);
    raw_at_ = depth_ - 1;
    work_at_ = kNoEntry;
    std::swap(e.transitions, transitions);
    e.next = 0;
    e.via = via;
    e.component = ComponentTracker::kNoPosition;
    e.part.recorded = false;
  }
  // Push without a state (RunRecorded's: the graph has the transitions; StateAt replays).
  void PushRecorded(std::vector<Transition>& transitions, Transition via) {
    if (depth_ == stack_.size()) stack_.emplace_back();
    StackEntry& e = stack_[depth_++];
    std::swap(e.transitions, transitions);
    e.next = 0;
    e.via = via;
    e.component = ComponentTracker::kNoPosition;
    e.part.recorded = false;
  }
  // The entry (just pushed, its state stored by this worker) is to be written down.
  void StartRecord(StackEntry& e, uint64_t fingerprint, ThreadMask enabled, bool may_cycle,
                   bool state_bugs) {
    RecordPart& r = e.part;
    r.recorded = true;
    r.descending = order_ == StepOrder::kReverse;
    r.canon_first = r.descending ? static_cast<uint32_t>(e.transitions.size()) - 1 : 0;
    r.fingerprint = fingerprint;
    r.enabled = enabled;
    r.may_cycle = may_cycle;
    r.state_bugs = state_bugs;
    e.steps.clear();
  }
  // The place in its state's own order of the entry's transition at `at`.
  static uint32_t Canon(const StackEntry& e, size_t at) {
    return e.part.descending ? e.part.canon_first - static_cast<uint32_t>(at)
                             : e.part.canon_first + static_cast<uint32_t>(at);
  }
  // Writes down the transitions the entry took, in the state's own order.
  void FinishRecord(StackEntry& e) {
    RecordPart& r = e.part;
    if (!r.recorded) return;
    r.recorded = false;
    uint32_t first = r.canon_first;
    if (r.descending) {
      std::reverse(e.steps.begin(), e.steps.end());
      first = r.canon_first + 1 - static_cast<uint32_t>(e.steps.size());
    }
    log_.Add(r.fingerprint, r.enabled, r.may_cycle, r.state_bugs, first, e.steps);
  }
  // The search is done with the entry at `d`: its state buffer goes to the next entry that
  // keeps one. The bottom entry keeps its state while it is on the stack (StateAt starts from
  // it); its buffer stays with it.
  void Release(size_t d) {
    CompactState& state = stack_[d].state;
    if (d == 0) {
      if (depth_ == 0) state.clear();
      return;
    }
    if (state.capacity() == 0) return;
    state.clear();
    spare_.push_back(std::move(state));
    state = CompactState();
  }
  // Unpacks the state of the entry at `d` into `m`.
  void UnpackEntry(size_t d, Machine& m) {
    if (raw_at_ != d) {
      ExpandInto(stack_[d].state, raw_);
      raw_at_ = d;
    }
    Unpack(raw_, m);
  }
  // Unpacks into `m` the state of the entry at `d`, replaying the steps into it from the
  // nearest entry below that kept its state.
  void StateAt(size_t d, Machine& m) {
    size_t from = d;
    while (stack_[from].state.empty()) --from;
    ExpandInto(stack_[from].state, next_);
    Unpack(next_, m);
    for (size_t i = from + 1; i <= d; ++i) {
      Replay(m, stack_[i].via);
      // A replayed search (RunRecorded) pushes no states: those it replays to that it will
      // come back to are kept on the way, as Push keeps them, so the next replay is short.
      StackEntry& e = stack_[i];
      if (i < d && e.state.empty() && e.next < e.transitions.size()) {
        if (e.state.capacity() == 0 && !spare_.empty()) {
          std::swap(e.state, spare_.back());
          spare_.pop_back();
        }
        CompactInto(next_, e.state);
      }
    }
  }
  // Takes the step `tr` in `m` and brings the result through the packed form, as the search
  // does (it steps from unpacked states). Uses next_.
  void Replay(Machine& m, Transition tr) {
    out_.Clear();
    interp_.Step(m, tr.thread, tr.choice, out_);
    Pack(m, next_, scratch_);
    Unpack(next_, m);
  }
  // The path to the state `last` leads to from the top of the stack. A parallel search
  // records none (the paths would depend on who found what; see the file comment).
  Schedule ScheduleTo(Transition last) const {
    if (!tracking_ && wanted_ == nullptr) return {};
    Schedule s = PathTo(depth_ - 1);
    s.push_back(StepOf(last));
    return s;
  }
  // The steps from the bottom of the stack to the entry at `d`.
  Schedule PathTo(size_t d) const {
    Schedule s;
    for (size_t i = 1; i <= d; ++i)
      s.push_back(StepOf(stack_[i].via));
    return s;
  }
  // Waits for a task from another worker; false when the search is over.
  bool TakeTask() {
    std::unique_lock<std::mutex> lock(shared_.mu);
    shared_.idle.fetch_add(1);
    for (;;) {
      if (shared_.stop) break;
      if (!shared_.pool.empty()) {
        shared_.idle.fetch_sub(1);
        SharedSearch::Task task = std::move(shared_.pool.back());
        shared_.pool.pop_back();
        lock.unlock();
        base_depth_ = task.depth;
        std::swap(next_, task.state);
        Push(task.transitions, {0, 0});
        stack_[0].part = task.part;
        stack_[0].steps.clear();
        return true;
      }
      if (shared_.idle.load() == jobs_) break;  // nobody has work left to hand out
      shared_.wake.wait(lock);
    }
    lock.unlock();
    shared_.wake.notify_all();
    return false;
  }
  // Hands the transitions not yet taken at the bottom of the stack to an idle worker.
  void MaybeShare() {
    if (jobs_ == 1 || shared_.idle.load(std::memory_order_relaxed) == 0) return;
    for (size_t d = 0; d + 1 < depth_; ++d) {
      StackEntry& e = stack_[d];
      if (e.next == e.transitions.size()) continue;
      SharedSearch::Task task;
      ExpandInto(e.state, task.state);
      task.transitions.assign(e.transitions.begin() + static_cast<ptrdiff_t>(e.next),
                              e.transitions.end());
      task.depth = base_depth_ + static_cast<int64_t>(d);
      if (e.part.recorded) {
        // The part taken so far is written down here, the rest by the worker it goes to.
        task.part = e.part;
        task.part.canon_first = Canon(e, e.next);
        FinishRecord(e);
      }
      e.next = e.transitions.size();
      Release(d);
      {
        std::lock_guard<std::mutex> lock(shared_.mu);
        shared_.pool.push_back(std::move(task));
      }
      shared_.wake.notify_one();
      return;
    }
  }
  void CheckComponent(size_t d);
  // The search is done with the top entry: checks the component it completes, if any (true
  // then), writes its record down, and pops it.
  bool PopEntry();
  // Ends the search with an input error (of two workers', the first in the source).
  void InputError(VmEvent e) {
    {
      std::lock_guard<std::mutex> lock(shared_.mu);
      if (!shared_.input_error ||
          std::make_pair(e.loc.line, e.loc.column) <
              std::make_pair(shared_.input_error->loc.line, shared_.input_error->loc.column))
        shared_.input_error = std::move(e);
    }
    shared_.Stop("input-error");
  }
  // Gives the wanted bugs the step `tr` (into a new state, or not) shows a path; returns
  // whether none is left.
  bool Meet(Transition tr, bool is_new) {
    std::vector<BugOccurrence>& bugs = wanted_->result->bugs;
    for (BugOccurrence& b : found_) {
      auto it = wanted_->keys.find(b.key);
      if (it == wanted_->keys.end()) continue;
      bugs[it->second] = std::move(b);
      bugs[it->second].schedule = ScheduleTo(tr);
      wanted_->keys.erase(it);
    }
    if (is_new) {
      std::erase_if(wanted_->orders, [&](size_t i) {
        if (!lock_order_.Shows(work_, *bugs[i].shown)) return false;
        bugs[i].schedule = ScheduleTo(tr);
        return true;
      });
    }
    return wanted_->keys.empty() && wanted_->orders.empty();
  }

  const Interpreter& interp_;
  const CheckOptions& options_;
  const Reduction& reduction_;
  SharedSearch& shared_;
  const int jobs_;
  const bool tracking_;
  bool recording_ = false;
  GraphLog log_;
  // The order a state's steps are taken in: increasing thread numbers; the opposite (a second
  // worker, to start elsewhere in the graph); or round robin, the threads after the one that
  // just stepped first (the search for bugs met before, which reaches states where every
  // thread has moved, as deadlocks and races need, in a few hundred steps, where increasing
  // order runs one thread to its end and backtracks through most of the graph first:
  // dining_deadlock_n10 0.3 s -> under 0.01 s).
  // A swarm member may also rank the threads by a permutation of its own (swarm.h): thread
  // numbers are then compared by rank.
  enum class StepOrder { kIncreasing, kReverse, kRoundRobin };
  StepOrder order_ = StepOrder::kIncreasing;
  bool ranked_ = false;
  std::array<uint8_t, kMaxThreads> rank_{};
  bool reporter_ = false;  // the worker that reports progress to the monitor (the first)
  int Rank(int thread) const { return ranked_ && thread >= 0 ? rank_[thread] : thread; }
  void Order(std::vector<Transition>& steps, int last_thread) const {
    if (order_ == StepOrder::kReverse) std::reverse(steps.begin(), steps.end());
    // Stable: a thread's own steps (complete or time out, a draw's values) keep their order.
    if (ranked_) {
      std::stable_sort(steps.begin(), steps.end(), [&](const Transition& a, const Transition& b) {
        return Rank(a.thread) < Rank(b.thread);
      });
    }
    if (order_ == StepOrder::kRoundRobin) {
      const int last = Rank(last_thread);
      std::stable_partition(steps.begin(), steps.end(),
                            [&](const Transition& t) { return Rank(t.thread) > last; });
    }
  }
  const Clock::time_point start_;
  Wanted* wanted_ = nullptr;
  LockOrderGraph lock_order_;
  GrowthWatch growth_;
  ComponentTracker components_;
  std::vector<StackEntry> stack_;
  size_t depth_ = 0;  // stack_[0 .. depth_) are live; deeper entries keep their buffers
  int64_t base_depth_ = 0;  // the depth of stack_[0] from the initial state
  static constexpr size_t kNoEntry = ~size_t{0};
  Machine work_, root_, replay_;
  // The entry whose state work_ holds as its packed form would unpack (kNoEntry: none).
  size_t work_at_ = kNoEntry;
  PackScratch scratch_;
  StepOutput out_;
  std::vector<BugOccurrence> found_;
  PackedState next_;
  // The state of the entry at raw_at_, not compacted: the one on top, while the search steps
  // from it (most steps lead to states seen before, and the search takes the next step from
  // the same entry).
  PackedState raw_;
  size_t raw_at_ = kNoEntry;
  std::vector<CompactState> spare_;  // state buffers of entries the search is done with
  std::vector<Transition> next_transitions_, vias_;
};

// The one-worker search with Tarjan's algorithm and the fair-cycle checks over a graph that
// recording searches wrote down (DepthFirstWorker::RunRecorded): what a one-worker search of
// the program would find, with its depth-first paths. Takes the logs; `jobs` threads build
// the index. Without a value when a step's target has no record (the recording was cut
// short).
struct RecordedSearch {
  std::string limit;  // the bound that stopped it, if any
  std::vector<BugOccurrence> bugs;
  int64_t max_depth = 0;
  bool cycles_skipped = false;
  uint64_t bytes = 0;  // the record, its index and the search's own
};
std::optional<RecordedSearch> SearchRecorded(const Interpreter& interp, const CheckOptions& options,
                                             const Reduction& reduction,
                                             std::vector<GraphLog> logs, int jobs,
                                             std::chrono::steady_clock::time_point start);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_DEPTH_FIRST_H_
