#include "checker/explorer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <chrono>
#include <functional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checker/budget.h"
#include "checker/compact_state.h"
#include "checker/cycles.h"
#include "checker/directed.h"
#include "checker/estimate.h"
#include "checker/growth.h"
#include "checker/lasso.h"
#include "checker/lock_order.h"
#include "checker/memory.h"
#include "checker/por.h"
#include "checker/recorded_graph.h"
#include "checker/strategies.h"
#include "checker/visited_set.h"
#include "primitives/lock.h"

namespace lockcheck {

void ThreadTransitions(const Interpreter& interp, const Machine& m, int t,
                       std::vector<Transition>& out) {
  const uint32_t c = interp.Choices(m, t);
  const auto thread = static_cast<uint16_t>(t);
  if (c & kChoiceProceed) out.push_back({thread, kChoiceProceed});
  if (c & kChoiceTimeout) out.push_back({thread, kChoiceTimeout});
  if (c & kChoiceDraw) {
    const uint32_t n = interp.DrawOutcomes(m, t);
    for (uint32_t k = 0; k < n; ++k) out.push_back({thread, DrawChoice(k)});
  }
}

void EnabledTransitions(const Interpreter& interp, const Machine& m, std::vector<Transition>& out) {
  out.clear();
  if (interp.Ended(m)) return;  // daemon threads are dropped once the program ends
  for (int t = 0; t < m.num_threads; ++t) ThreadTransitions(interp, m, t, out);
}

bool ChoiceAvailable(const Interpreter& interp, const Machine& m, int t, uint32_t choice) {
  const uint32_t bit = ChoiceBit(choice);
  if (!(interp.Choices(m, t) & bit)) return false;
  return bit != kChoiceDraw || DrawIndex(choice) < interp.DrawOutcomes(m, t);
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
  // The bug is located where the first stuck thread blocks, not at a join that only waits for
  // it: a join blocks because the joined thread is stuck somewhere else. Only when every
  // stuck thread is joining (which cannot close) does a join stand for it. The key is the set
  // of all the wait locations, so the choice does not change the bug's id.
  bool located = false;
  for (int t = 0; t < m.num_threads; ++t) {
    if (m.threads[t].finished) continue;
    SourceLoc at = interp.WaitLoc(m, t);
    const bool join = m.threads[t].pending.kind == PendingKind::kJoin;
    if (!located && (!join || waits.empty())) {
      b.thread = t;
      b.loc = at;
      located = !join;
    }
    waits.push_back(LocKey(at));
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

void BugTable::Add(BugOccurrence b) {
  Schedule s = std::move(b.schedule);
  const size_t length = s.size();
  Add(std::move(b), length, [&] { return std::move(s); });
}

std::vector<BugOccurrence> BugTable::Take() {
  std::sort(bugs_.begin(), bugs_.end(),
            [](const BugOccurrence& a, const BugOccurrence& b) { return a.key < b.key; });
  return std::move(bugs_);
}

namespace {

struct StackEntry {
  // Kept only while the search has to come back to it (see DepthFirstWorker::Push).
  CompactState state;
  std::vector<Transition> transitions;
  size_t next = 0;
  Transition via{0, 0};   // the transition that led here
  uint32_t component = 0; // its position on Tarjan's stack
  // A recording search's (recorded_graph.h): whether this worker writes the state's
  // transitions down (it stored the state, or was handed some of its transitions by a worker
  // that did); the state; the place of transitions[0] in the state's own order and the
  // direction the list runs in it (a worker taking steps in the opposite order has it
  // reversed); and what the transitions taken led to.
  bool recorded = false;
  bool descending = false;
  uint32_t canon_first = 0;
  uint64_t fingerprint = 0;
  ThreadMask enabled = 0;
  bool may_cycle = false;
  bool state_bugs = false;
  std::vector<RecordedStep> steps;
  // The replayed search's: the state's record.
  RecordedGraph::Node node = RecordedGraph::kNone;
};

// The VM refuses a thread past kMaxThreads, so every thread index has its own bit.
static_assert(kMaxThreads <= kMaxCycleThreads, "a thread index must fit in a ThreadMask");

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

}  // namespace

namespace {

// What the workers of one search share: the visited table, the work they hand each other, and
// why they stopped.
struct SharedSearch {
  explicit SharedSearch(int jobs) : visited(jobs > 1) {}
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
    // A recording search's: as StackEntry's, for transitions[0].
    bool recorded = false;
    bool descending = false;
    uint32_t canon_first = 0;
    uint64_t fingerprint = 0;
    ThreadMask enabled = 0;
    bool may_cycle = false;
    bool state_bugs = false;
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
        growth_(interp, options.max_object_size) {}

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
    if (recording_ && stored) StartRecord(stack_[0], fingerprint, enabled, reduction_.MayCycle(work_));
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
    std::swap(e.transitions, transitions);
    e.next = 0;
    e.via = via;
    e.component = ComponentTracker::kNoPosition;
    e.recorded = false;
  }
  // Push without a state (RunRecorded's: the graph has the transitions; StateAt replays).
  void PushRecorded(std::vector<Transition>& transitions, Transition via) {
    if (depth_ == stack_.size()) stack_.emplace_back();
    StackEntry& e = stack_[depth_++];
    std::swap(e.transitions, transitions);
    e.next = 0;
    e.via = via;
    e.component = ComponentTracker::kNoPosition;
    e.recorded = false;
  }
  // The entry (just pushed, its state stored by this worker) is to be written down.
  void StartRecord(StackEntry& e, uint64_t fingerprint, ThreadMask enabled, bool may_cycle) {
    e.recorded = true;
    e.descending = order_ == StepOrder::kReverse;
    e.canon_first = e.descending ? static_cast<uint32_t>(e.transitions.size()) - 1 : 0;
    e.fingerprint = fingerprint;
    e.enabled = enabled;
    e.may_cycle = may_cycle;
    e.state_bugs = false;
    e.steps.clear();
  }
  // The place in its state's own order of the entry's transition at `at`.
  static uint32_t Canon(const StackEntry& e, size_t at) {
    return e.descending ? e.canon_first - static_cast<uint32_t>(at)
                        : e.canon_first + static_cast<uint32_t>(at);
  }
  // Writes down the transitions the entry took, in the state's own order.
  void FinishRecord(StackEntry& e) {
    if (!e.recorded) return;
    e.recorded = false;
    uint32_t first = e.canon_first;
    if (e.descending) {
      std::reverse(e.steps.begin(), e.steps.end());
      first = e.canon_first + 1 - static_cast<uint32_t>(e.steps.size());
    }
    log_.Add(e.fingerprint, e.enabled, e.may_cycle, e.state_bugs, first, e.steps);
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
        if (task.recorded) {
          StackEntry& e = stack_[0];
          e.recorded = true;
          e.descending = task.descending;
          e.canon_first = task.canon_first;
          e.fingerprint = task.fingerprint;
          e.enabled = task.enabled;
          e.may_cycle = task.may_cycle;
          e.state_bugs = task.state_bugs;
          e.steps.clear();
        }
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
      if (e.recorded) {
        // The part taken so far is written down here, the rest by the worker it goes to.
        task.recorded = true;
        task.descending = e.descending;
        task.canon_first = Canon(e, e.next);
        task.fingerprint = e.fingerprint;
        task.enabled = e.enabled;
        task.may_cycle = e.may_cycle;
        task.state_bugs = e.state_bugs;
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
  enum class StepOrder { kIncreasing, kReverse, kRoundRobin };
  StepOrder order_ = StepOrder::kIncreasing;
  bool reporter_ = false;  // the worker that reports progress to the monitor (the first)
  void Order(std::vector<Transition>& steps, int last_thread) const {
    if (order_ == StepOrder::kReverse) std::reverse(steps.begin(), steps.end());
    if (order_ == StepOrder::kRoundRobin) {
      std::stable_partition(steps.begin(), steps.end(),
                            [&](const Transition& t) { return t.thread > last_thread; });
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
  Machine work_, root_, replay_;
  PackScratch scratch_;
  StepOutput out_;
  std::vector<BugOccurrence> found_;
  PackedState next_;
  // The state of the entry at raw_at_, not compacted: the one on top, while the search steps
  // from it (most steps lead to states seen before, and the search takes the next step from
  // the same entry).
  PackedState raw_;
  static constexpr size_t kNoEntry = ~size_t{0};
  size_t raw_at_ = kNoEntry;
  std::vector<CompactState> spare_;  // state buffers of entries the search is done with
  std::vector<Transition> next_transitions_, vias_;
};

// The entry at `d` completes a component: check its fair cycles, as lassos from that state.
void DepthFirstWorker::CheckComponent(size_t d) {
  ComponentGraph g = components_.Component(stack_[d].component, vias_);
  if (g.edges.empty()) return;
  StateAt(d, root_);
  if (root_.num_threads > kMaxCycleThreads) {
    cycles_skipped = true;
    return;
  }
  for (int t = 0; t < root_.num_threads; ++t) {
    if (!root_.threads[t].finished && !root_.threads[t].daemon) g.live |= ThreadBit(t);
  }
  // Where the threads stand in a state of the component: replayed from its first state, since
  // the tracker keeps no state but its fingerprint.
  g.places = [&](const std::vector<uint32_t>& path) {
    replay_ = root_;
    for (uint32_t e : path) Replay(replay_, vias_[e]);
    std::vector<uint64_t> points;
    for (int t = 0; t < replay_.num_threads; ++t) {
      SourceLoc at = interp_.WaitLoc(replay_, t);
      points.push_back(uint64_t{static_cast<uint32_t>(at.line)} << 32 |
                       static_cast<uint32_t>(at.column));
    }
    return points;
  };
  const Schedule prefix = PathTo(d);
  for (const FairCycle& c : FindFairCycles(g, options_.fairness)) {
    Schedule s = prefix;
    auto add = [&](uint32_t e) { s.push_back(StepOf(vias_[e])); };
    for (uint32_t e : c.entry_path) add(e);
    size_t loop_start = s.size();
    for (uint32_t e : c.cycle) add(e);
    LassoResult lasso =
        ExamineLasso(interp_, root_, prefix.size(), s, loop_start, options_.fairness);
    if (!lasso.bug) continue;
    const size_t known = bugs.size();
    const BugKind kind = lasso.bug->kind;
    const SourceLoc loc = lasso.bug->loc;
    bugs.Add(std::move(*lasso.bug), s.size(), [&] { return s; });
    if (bugs.size() > known) ReportFinding(options_, kind, loc, "depth-first");
  }
}

void DepthFirstWorker::Run() {
  Budget budget(options_, start_);
  out_.should_stop = budget.StopRequest();
  uint64_t steps = 0;
  for (;;) {
    if (depth_ == 0 && !TakeTask()) return;
    if (shared_.stop.load(std::memory_order_relaxed)) return;
    StackEntry& top = stack_[depth_ - 1];
    if (top.next == top.transitions.size()) {
      uint32_t parent = depth_ > 1 ? stack_[depth_ - 2].component : ComponentTracker::kNoPosition;
      if (top.component != ComponentTracker::kNoPosition &&
          components_.Finish(top.component, parent)) {
        CheckComponent(depth_ - 1);
        components_.Pop(top.component);
        if (options_.stop_on_first && bugs.size() > 0) return shared_.Stop("stop-on-first");
      }
      FinishRecord(top);
      --depth_;
      Release(depth_);
      raw_at_ = kNoEntry;
      continue;
    }
    if ((++steps & 7) == 0) MaybeShare();
    Transition tr = top.transitions[top.next++];
    UnpackEntry(depth_ - 1, work_);
    if (top.next == top.transitions.size()) Release(depth_ - 1);
    out_.Clear();
    interp_.Step(work_, tr.thread, tr.choice, out_);

    if (!out_.abandoned.empty()) return shared_.Stop(out_.abandoned);
    found_.clear();
    std::optional<VmEvent> input_error;
    if (!ExamineEvents(out_, found_, input_error)) {
      input_error->thread = tr.thread;
      return InputError(std::move(*input_error));
    }
    uint64_t fingerprint = Pack(work_, next_, scratch_);
    // The lock-order observation needs nothing from the table: it runs while the
    // fingerprint's slot comes into the cache.
    shared_.visited.Prefetch(fingerprint);
    // No path is kept with a showing, on any number of workers: the shortest-path search finds
    // the state that shows a warning's order (a depth-first path would depend on the order).
    if (wanted_ == nullptr) lock_order_.Observe(work_, tr.thread, nullptr);
    bool is_new = shared_.visited.Insert(fingerprint);
    if (is_new) {
      const int64_t depth = base_depth_ + static_cast<int64_t>(depth_);
      if (std::optional<VmEvent> grows = growth_.Observe(work_, tr.thread, depth, next_.size()))
        return InputError(std::move(*grows));
    }
    const StepMarks marks = MarksOf(tr.choice == kChoiceTimeout, out_);
    if (top.recorded) {
      top.steps.push_back({fingerprint, tr, marks, !found_.empty()});
      if (!found_.empty()) log_.AddStepBugs(top.fingerprint, Canon(top, top.next - 1), found_);
    }
    ThreadMask enabled = 0;
    bool state_bugs = false;
    if (is_new) {
      // A state's own bugs (deadlock) are examined once, the first time it is reached.
      if (!Admit(work_)) return;
      enabled = Expand(work_, next_transitions_);
      const size_t step_bugs = found_.size();
      CheckDeadlock(interp_, work_, next_transitions_, found_);
      if (recording_ && found_.size() > step_bugs) {
        state_bugs = true;
        log_.AddStateBugs(fingerprint, std::vector<BugOccurrence>(found_.begin() + step_bugs,
                                                                  found_.end()));
      }
      Order(next_transitions_, tr.thread);
    } else if (top.component != ComponentTracker::kNoPosition) {
      components_.Revisit(fingerprint, top.component, tr, marks);
    }
    if (wanted_ != nullptr) {
      if (Meet(tr, is_new)) return shared_.Stop("met");
    } else {
      for (BugOccurrence& b : found_) {
        const size_t known = bugs.size();
        const BugKind kind = b.kind;
        const SourceLoc loc = b.loc;
        bugs.Add(std::move(b), depth_, [&] { return ScheduleTo(tr); });
        if (bugs.size() > known) ReportFinding(options_, kind, loc, "depth-first");
      }
    }
    if (options_.stop_on_first && bugs.size() > 0) return shared_.Stop("stop-on-first");
    const int64_t new_depth = base_depth_ + static_cast<int64_t>(depth_);
    // Polled on old states too: a stretch of steps that store nothing new still ends.
    if ((steps & 1023) == 0) {
      Budget::Reading reading;
      if (std::string limit = budget.Hit(&reading); !limit.empty()) return shared_.Stop(limit);
      if (options_.monitor != nullptr && reporter_) {
        SearchProgress p;
        p.states = shared_.visited.size();
        p.depth = new_depth;
        p.seconds = reading.seconds;
        p.rss_bytes = reading.rss;
        if (shared_.estimate != nullptr && shared_.estimate->walks > 0) {
          p.estimated_states = shared_.estimate->states;
          p.estimate_truncated = shared_.estimate->truncated;
          const double n = static_cast<double>(std::max<uint64_t>(p.states, 1));
          p.predicted_limit = PredictLimit(*shared_.estimate, options_, reading.rss / n,
                                           n / std::max(reading.seconds, 1e-3),
                                           &p.predicted_seconds);
        }
        options_.monitor->Report(p);
      }
    }
    if (!is_new) continue;
    max_depth = std::max(max_depth, new_depth);

    if (options_.max_states != 0 && shared_.visited.size() >= options_.max_states)
      return shared_.Stop("max-states");
    if (options_.max_depth != 0 && new_depth >= options_.max_depth) {
      // Not expanded: the bound cuts the search here (if the state has anywhere to go).
      cut_by_depth |= !next_transitions_.empty();
      continue;
    }
    const uint32_t from = top.component;
    transitions += next_transitions_.size();
    Push(next_transitions_, tr);
    if (recording_) {
      StartRecord(stack_[depth_ - 1], fingerprint, enabled, reduction_.MayCycle(work_));
      stack_[depth_ - 1].state_bugs = state_bugs;
    }
    if (tracking_ && reduction_.MayCycle(work_))
      stack_[depth_ - 1].component = components_.Discover(fingerprint, enabled, from, tr, marks);
  }
}

std::string DepthFirstWorker::RunRecorded(RecordedGraph& graph) {
  Budget budget(options_, start_);
  auto transitions_of = [&](RecordedGraph::Node n, std::vector<Transition>& out) {
    out.clear();
    for (uint32_t k = 0; k < graph.Degree(n); ++k) out.push_back(graph.Step(n, k).via);
  };
  // The initial state, as Seed has it: its entry keeps the state (StateAt starts from it).
  interp_.Init(work_);
  const uint64_t root_fingerprint = Pack(work_, next_, scratch_);
  const RecordedGraph::Node root = graph.Find(root_fingerprint);
  graph.Visit(root);
  base_depth_ = 0;
  transitions_of(root, next_transitions_);
  Push(next_transitions_, {0, 0});
  stack_[0].node = root;
  stack_[0].component =
      graph.MayCycle(root) ? components_.Discover(root_fingerprint, graph.Enabled(root),
                                                  ComponentTracker::kNoPosition, {0, 0}, {})
                           : ComponentTracker::kNoPosition;
  uint64_t steps = 0;
  while (depth_ > 0) {
    StackEntry& top = stack_[depth_ - 1];
    if (top.next == top.transitions.size()) {
      uint32_t parent = depth_ > 1 ? stack_[depth_ - 2].component : ComponentTracker::kNoPosition;
      if (top.component != ComponentTracker::kNoPosition &&
          components_.Finish(top.component, parent)) {
        CheckComponent(depth_ - 1);
        components_.Pop(top.component);
      }
      --depth_;
      Release(depth_);
      raw_at_ = kNoEntry;
      continue;
    }
    const uint32_t k = static_cast<uint32_t>(top.next++);
    const Transition tr = top.transitions[k];
    const RecordedStep step = graph.Step(top.node, k);
    found_.clear();
    if (step.has_bugs) {
      if (const std::vector<BugOccurrence>* b = graph.StepBugs(top.node, k)) found_ = *b;
    }
    const bool is_new = graph.Visit(step.to);
    if (is_new) {
      if (const std::vector<BugOccurrence>* b = graph.StateBugs(step.to))
        found_.insert(found_.end(), b->begin(), b->end());
    } else if (top.component != ComponentTracker::kNoPosition) {
      components_.Revisit(graph.Fingerprint(step.to), top.component, tr, step.marks);
    }
    // Reported as found by the recording search already.
    for (BugOccurrence& b : found_) bugs.Add(std::move(b), depth_, [&] { return ScheduleTo(tr); });
    if ((++steps & 1023) == 0) {
      if (std::string limit = budget.Hit(nullptr); !limit.empty()) return limit;
    }
    if (!is_new) continue;
    max_depth = std::max(max_depth, static_cast<int64_t>(depth_));
    const uint32_t from = top.component;
    transitions_of(step.to, next_transitions_);
    PushRecorded(next_transitions_, tr);
    stack_[depth_ - 1].node = step.to;
    if (graph.MayCycle(step.to)) {
      stack_[depth_ - 1].component = components_.Discover(
          graph.Fingerprint(step.to), graph.Enabled(step.to), from, tr, step.marks);
    }
  }
  return "";
}

}  // namespace

Explorer::Explorer(const Interpreter& interp, const CheckOptions& options)
    : interp_(interp),
      options_(options),
      reduction_(std::make_unique<Reduction>(interp.runtime())) {}

Explorer::~Explorer() = default;

SearchResult Explorer::Run() {
  const Clock::time_point start = Clock::now();
  // The probes run first (a count of steps, so the figure does not depend on the machine).
  Budget budget(options_, start);
  estimate_ = EstimateStateSpace(interp_, options_.reduction ? reduction_.get() : nullptr,
                                 options_.seed, &budget);
  search_options_ = options_;
  double capacity = 0;
  if (Hopeless(estimate_, options_, &capacity)) {
    search_options_.max_states = kFallbackStates;
    SearchResult result = RunSearch(start);
    if (!result.input_error) Fallback(result, capacity);
    return result;
  }
  return RunSearch(start);
}

// The estimate says no exhaustive search can finish (Hopeless): the depth-first search stopped
// at kFallbackStates states; PCT executions as long as the probes' walks spend the rest of the
// budget. The bugs of both are kept; the verdict is `incomplete` unless one is found.
void Explorer::Fallback(SearchResult& result, double capacity) {
  if (result.limit != "max-states") return;  // it did finish (or another bound cut it)
  result.limit = "state-space";
  CheckOptions pct = options_;
  pct.strategy = Strategy::kPct;
  // Executions as long as the longest walk (a quarter of the budget when the probes' budget
  // cut the walks: the program's executions are longer than that).
  const uint64_t length =
      estimate_.truncated ? kFallbackSteps / 4
                          : std::clamp<uint64_t>(estimate_.longest + 1, 10'000, kFallbackSteps / 4);
  pct.max_depth = static_cast<int64_t>(length);
  pct.executions = std::clamp<uint64_t>(kFallbackSteps / length, 1, options_.executions);
  SearchResult found = RunStrategy(interp_, pct);
  BugTable bugs;
  for (BugOccurrence& b : result.bugs) bugs.Add(std::move(b));
  for (BugOccurrence& b : found.bugs) bugs.Add(std::move(b));
  result.bugs = bugs.Take();
  if (found.input_error && !result.input_error) result.input_error = found.input_error;
  result.coverage = absl::StrCat(
      "the estimate (", EstimateText(estimate_.states, estimate_.truncated),
      " states) is over a million times what the memory holds (~",
      EstimateText(capacity, false).substr(1), " states), so no exhaustive search can finish: ",
      "the first ", GroupedDigits(result.states), " states depth-first, then ", found.coverage);
}

SearchResult Explorer::RunSearch(Clock::time_point start) {
  // Tarjan's algorithm needs one depth-first order. A program that cannot come back to a state
  // (no while loop; no primitive's routine met) needs none, and takes every worker. One that
  // can is searched by every worker writing the graph down, then by one worker over that
  // record (recorded_graph.h). Where a bound or the first bug stops a search depends on the
  // order states are taken in, so such a search runs on one worker, to stop in the same place
  // every time.
  const CheckOptions& o = search_options_;
  const bool bounded = o.max_states != 0 || o.max_depth != 0 || o.stop_on_first;
  const int jobs = bounded ? 1 : std::max(1, o.jobs);
  std::optional<SearchResult> result;
  if (!options_.cycles || !reduction_->HasLoops()) result = Search(start, jobs, false, false);
  // A small graph is searched on one worker: writing it down and indexing it would cost more
  // than the second worker wins (the estimate is deterministic, so the report is the same
  // either way; it comes from the probes, which run without workers: estimate.h).
  if (!result && jobs > 1 &&
      (estimate_.walks == 0 || estimate_.states >= o.recording_min_states))
    result = Search(start, std::min(jobs, kMaxRecordingWorkers), false, true);
  if (!result) result = Search(start, 1, options_.cycles, false);
  result->estimate = estimate_;
  return *result;
}

std::optional<SearchResult> Explorer::Search(Clock::time_point start, int jobs, bool tracking,
                                             bool recording) {
  SharedSearch shared(jobs);
  shared.estimate = &estimate_;
  std::vector<std::unique_ptr<DepthFirstWorker>> workers;
  for (int i = 0; i < jobs; ++i) {
    workers.push_back(std::make_unique<DepthFirstWorker>(interp_, search_options_, *reduction_,
                                                         shared, jobs, tracking, start));
    if (recording) workers.back()->Record();
  }
  // The first worker stores the initial state; the others seed on their own threads, so that
  // their buffers come from their threads' heaps, not interleaved with the first's.
  workers[0]->Seed(0);
  {
    std::vector<std::thread> threads;
    for (int i = 1; i < jobs; ++i) {
      threads.emplace_back([&, i] {
        workers[i]->Seed(i);
        workers[i]->Run();
      });
    }
    workers[0]->Run();
    for (std::thread& t : threads) t.join();
  }
  if (shared.may_cycle) return std::nullopt;

  SearchResult result;
  result.search_order = tracking || recording ? "depth-first" : "parallel depth-first";
  result.states = shared.visited.size();
  if (shared.input_error) {
    result.input_error = shared.input_error;
    return result;
  }
  BugTable bugs;
  for (auto& w : workers) {
    result.transitions += w->transitions;
    result.reduced_states += w->reduced_states;
    result.max_depth = std::max(result.max_depth, w->max_depth);
    result.cycles_skipped |= w->cycles_skipped;
    result.store_bytes += w->Bytes();
    if (w->cut_by_depth && shared.limit.empty()) shared.limit = "max-depth";
    for (BugOccurrence& b : w->bugs.Take()) bugs.Add(std::move(b));
    if (w != workers[0]) workers[0]->lock_order().Merge(w->lock_order());
  }
  for (BugOccurrence& w : workers[0]->lock_order().Warnings()) bugs.Add(std::move(w));
  result.store_bytes += shared.visited.bytes();
  result.collision_odds = shared.visited.CollisionOdds();
  if (recording && shared.limit.empty()) {
    // The one-worker search over the recorded graph: its bugs (with their depth-first paths)
    // and depth are the report's (the recording workers' bugs are the same ones, pathless).
    // The visited table and the workers' stacks go first: the record and its index take
    // their place.
    std::vector<BugOccurrence> warnings = workers[0]->lock_order().Warnings();
    std::vector<GraphLog> logs;
    for (auto& w : workers) {
      logs.push_back(w->TakeLog());
      result.store_bytes += logs.back().bytes();
    }
    const uint64_t recording_bytes = result.store_bytes;
    workers.clear();
    shared.visited.Release();
    RecordedGraph graph(std::move(logs));
    // Every state a complete search stored was expanded by some worker, so every step's
    // target has a record; the one-worker search is the fallback all the same.
    if (!graph.Index(jobs)) return std::nullopt;
    SharedSearch replayed(1);
    DepthFirstWorker replay(interp_, search_options_, *reduction_, replayed, 1, true, start);
    shared.limit = replay.RunRecorded(graph);
    bugs = BugTable();
    for (BugOccurrence& b : replay.bugs.Take()) bugs.Add(std::move(b));
    for (BugOccurrence& w : warnings) bugs.Add(std::move(w));
    result.max_depth = replay.max_depth;
    result.cycles_skipped = replay.cycles_skipped;
    result.store_bytes = std::max(recording_bytes, graph.bytes() + replay.Bytes() +
                                                       replayed.visited.bytes());
  }
  if (!shared.limit.empty()) {
    result.complete = false;
    result.limit = shared.limit;
  } else if (result.cycles_skipped) {
    // Over 64 threads: every other check ran, but fair cycles were not looked for.
    result.complete = false;
    result.limit = "cycle-threads";
  }
  result.bugs = bugs.Take();
  return result;
}

void Explorer::ShortestSchedules(SearchResult& result, uint64_t max_states) {
  FindSchedules(result, max_states);
  // A bug still without a path (a parallel search keeps none) when the bound stopped the
  // search for short ones: a one-worker depth-first search of the reduced graph, where the
  // search found it, meets it.
  DepthFirstWorker::Wanted wanted{&result, {}, {}};
  for (size_t i = 0; i < result.bugs.size(); ++i) {
    const BugOccurrence& b = result.bugs[i];
    if (!b.schedule.empty()) continue;
    if (b.kind == BugKind::kLockOrder) {
      if (b.shown) wanted.orders.push_back(i);
    } else if (!b.loop_start) {
      wanted.keys.emplace(b.key, i);
    }
  }
  if (wanted.keys.empty() && wanted.orders.empty()) return;
  SharedSearch shared(1);
  // Unbounded: the bounds cut a parallel search wherever its workers were, elsewhere.
  CheckOptions options = options_;
  options.max_states = 0;
  options.max_depth = 0;
  // Not interrupted: after a stop request, the bugs already found still get their paths (a
  // second SIGINT ends the process).
  options.monitor = nullptr;
  // It meets bugs the search found, and looks for no cycle: a state that may lie on one is
  // searched like any other (a recording search cut by a bound leaves such bugs pathless).
  options.cycles = false;
  DepthFirstWorker worker(interp_, options, *reduction_, shared, 1, false, Clock::now());
  worker.Want(&wanted);
  worker.Seed(0);
  worker.Run();
}

}  // namespace lockcheck
