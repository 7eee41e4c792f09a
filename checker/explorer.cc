#include "checker/explorer.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "checker/budget.h"
#include "checker/depth_first.h"
#include "checker/distributed.h"
#include "checker/estimate.h"
#include "checker/recorded_graph.h"
#include "checker/strategies.h"
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


Explorer::Explorer(const Interpreter& interp, const CheckOptions& options)
    : interp_(interp),
      options_(options),
      reduction_(std::make_unique<Reduction>(interp.runtime())) {}

Explorer::~Explorer() = default;

SearchResult Explorer::Run() {
  const Clock::time_point start = Clock::now();
  beside_.reset();
  // The probes run first (a count of steps, so the figure does not depend on the machine).
  Budget budget(options_, start);
  estimate_ = EstimateStateSpace(interp_, options_.reduction ? reduction_.get() : nullptr,
                                 options_.seed, &budget);
  search_options_ = options_;
  double capacity = 0;
  bool hopeless = Hopeless(estimate_, options_, &capacity);
  // The memory it counts may differ between the hosts of a distributed search: rank 0 decides
  // for all, so every rank takes the same search (distributed.h).
  if (options_.transport != nullptr)
    hopeless = AllGather(*options_.transport, hopeless ? "1" : "0")[0] == "1";
  if (hopeless) {
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
  // A swarm member's own order (swarm.h) is one worker's too.
  const bool one_worker = o.max_states != 0 || o.max_depth != 0 || o.stop_on_first ||
                          o.step_order != StepOrderKind::kByThread || o.order_seed != 0;
  const int jobs = one_worker ? 1 : std::max(1, o.jobs);
  if (o.transport != nullptr) {
    SearchResult r;
    if (!one_worker) {
      r = DistributedSearch(interp_, o, *reduction_, *o.transport, start);
    } else if (o.transport->rank() == 0) {
      // Where such a search stops depends on its order: rank 0 runs it alone, on one worker.
      CheckOptions alone = o;
      alone.transport = nullptr;
      std::swap(search_options_, alone);
      r = RunSearch(start);
      std::swap(search_options_, alone);
    }
    // (A search rank 0 ran alone has no shares yet: CheckScenario gives it them.)
    r.estimate = estimate_;
    return r;
  }
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
  SharedSearch shared(jobs, search_options_.hash_seed);
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
    // Their shortest paths are looked for on a thread of its own meanwhile: only the lassos
    // the replay may find have to wait for it.
    std::optional<std::jthread> beside = FindSchedulesBeside(bugs.Take(), result.states);
    std::vector<GraphLog> logs;
    for (auto& w : workers) {
      logs.push_back(w->TakeLog());
      result.store_bytes += logs.back().bytes();
    }
    const uint64_t recording_bytes = result.store_bytes;
    workers.clear();
    shared.visited.Release();
    // Every state a complete search stored was expanded by some worker, so every step's
    // target has a record; the one-worker search is the fallback all the same.
    std::optional<RecordedSearch> replay =
        SearchRecorded(interp_, search_options_, *reduction_, std::move(logs), jobs, start);
    if (beside) beside->join();
    if (!replay) {
      beside_.reset();
      return std::nullopt;
    }
    shared.limit = replay->limit;
    bugs = BugTable();
    for (BugOccurrence& b : replay->bugs) bugs.Add(std::move(b));
    for (BugOccurrence& w : warnings) bugs.Add(std::move(w));
    result.max_depth = replay->max_depth;
    result.cycles_skipped = replay->cycles_skipped;
    result.store_bytes = std::max(recording_bytes, replay->bytes);
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

std::optional<std::jthread> Explorer::FindSchedulesBeside(std::vector<BugOccurrence> found,
                                                          uint64_t states) {
  beside_.reset();
  if (found.empty()) return std::nullopt;
  beside_.emplace();
  beside_->result.bugs = std::move(found);
  beside_->max_states = ShortestScheduleStates(states);
  // One worker: the replay has the other core (the paths are the same on any number).
  return std::jthread([this] { FindSchedules(beside_->result, beside_->max_states, 1); });
}

bool Explorer::TakeSchedulesBeside(SearchResult& result, uint64_t max_states) {
  std::optional<SchedulesBeside> beside = std::move(beside_);
  beside_.reset();
  if (!beside || beside->max_states != max_states) return false;
  std::vector<BugOccurrence>& paths = beside->result.bugs;
  if (paths.size() != result.bugs.size()) return false;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (paths[i].key != result.bugs[i].key || result.bugs[i].loop_start) return false;
  }
  // The pass started from the same bugs without paths, so each bug it met is what it would have
  // made of `result`'s, but for the depth-first path there: the shorter path wins, as in the
  // pass (a path it finds is never the longer: the reduced graph is part of the graph it
  // searches).
  for (size_t i = 0; i < paths.size(); ++i) {
    BugOccurrence& target = result.bugs[i];
    if (paths[i].schedule.empty()) continue;
    if (target.schedule.empty() || paths[i].schedule.size() <= target.schedule.size())
      target = std::move(paths[i]);
  }
  return true;
}

void Explorer::ShortestSchedules(SearchResult& result, uint64_t max_states) {
  schedules_found_beside_ = TakeSchedulesBeside(result, max_states);
  if (!schedules_found_beside_) FindSchedules(result, max_states, options_.jobs);
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
  SharedSearch shared(1, options.hash_seed);
  DepthFirstWorker worker(interp_, options, *reduction_, shared, 1, false, Clock::now());
  worker.Want(&wanted);
  worker.Seed(0);
  worker.Run();
}

}  // namespace lockcheck
