#include "checker/depth_first.h"

#include <algorithm>

#include "checker/budget.h"
#include "checker/directed.h"
#include "checker/lasso.h"

namespace lockcheck {

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

bool DepthFirstWorker::PopEntry() {
  StackEntry& top = stack_[depth_ - 1];
  const uint32_t parent =
      depth_ > 1 ? stack_[depth_ - 2].component : ComponentTracker::kNoPosition;
  bool checked = false;
  if (top.component != ComponentTracker::kNoPosition &&
      components_.Finish(top.component, parent)) {
    CheckComponent(depth_ - 1);
    components_.Pop(top.component);
    checked = true;
  }
  FinishRecord(top);
  --depth_;
  Release(depth_);
  raw_at_ = kNoEntry;
  return checked;
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
      if (PopEntry() && options_.stop_on_first && bugs.size() > 0)
        return shared_.Stop("stop-on-first");
      continue;
    }
    if ((++steps & 7) == 0) MaybeShare();
    Transition tr = top.transitions[top.next++];
    // The state a step just made, if nothing had to be renumbered, is its packed form's
    // (PackScratch::canonical): the first step from it needs no unpacking.
    if (work_at_ != depth_ - 1) UnpackEntry(depth_ - 1, work_);
    work_at_ = kNoEntry;
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
    const bool canonical = scratch_.canonical;  // kept for the push below
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
    if (top.part.recorded) {
      top.steps.push_back({fingerprint, tr, marks, !found_.empty()});
      if (!found_.empty()) log_.AddStepBugs(top.part.fingerprint, Canon(top, top.next - 1), found_);
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
    if (canonical) work_at_ = depth_ - 1;
    if (recording_)
      StartRecord(stack_[depth_ - 1], fingerprint, enabled, reduction_.MayCycle(work_), state_bugs);
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
      PopEntry();
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

std::optional<RecordedSearch> SearchRecorded(const Interpreter& interp, const CheckOptions& options,
                                             const Reduction& reduction,
                                             std::vector<GraphLog> logs, int jobs,
                                             std::chrono::steady_clock::time_point start) {
  RecordedGraph graph(std::move(logs));
  if (!graph.Index(jobs)) return std::nullopt;
  SharedSearch replayed(1, options.hash_seed);
  DepthFirstWorker replay(interp, options, reduction, replayed, 1, true, start);
  RecordedSearch r;
  r.limit = replay.RunRecorded(graph);
  r.bugs = replay.bugs.Take();
  r.max_depth = replay.max_depth;
  r.cycles_skipped = replay.cycles_skipped;
  r.bytes = graph.bytes() + replay.Bytes() + replayed.visited.bytes();
  return r;
}

}  // namespace lockcheck
