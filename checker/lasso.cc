#include "checker/lasso.h"

#include <algorithm>
#include <deque>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace lockcheck {
namespace {

ThreadMask EnabledThreads(const Interpreter& interp, const Machine& m) {
  ThreadMask mask = 0;
  if (interp.Ended(m)) return mask;
  for (int t = 0; t < m.num_threads; ++t)
    if (interp.Choices(m, t) != 0) mask |= ThreadBit(t);
  return mask;
}

std::string ThreadNames(const Interpreter& interp, const Machine& m, ThreadMask threads) {
  std::vector<std::string> names;
  for (int t = 0; t < m.num_threads; ++t)
    if (threads & ThreadBit(t)) names.push_back(interp.ThreadName(m, t));
  return absl::StrJoin(names, ", ");
}

// Whether what `t` waits for leads, through the threads holding it, to a thread that is not
// `stuck` (one that moves or could move on the cycle): then `t` only waits for that one.
bool WaitsForALiveOne(const Interpreter& interp, const Machine& m, int t, ThreadMask stuck) {
  ThreadMask seen = 0;
  while (t >= 0 && t < m.num_threads && !(seen & ThreadBit(t))) {
    seen |= ThreadBit(t);
    t = interp.DescribeWait(m, t).holder;
    if (t >= 0 && t < m.num_threads && !m.threads[t].finished && !(stuck & ThreadBit(t)))
      return true;
  }
  return false;
}

std::string LocKey(SourceLoc loc) { return absl::StrCat(loc.line, ":", loc.column); }

bool SameLoc(SourceLoc a, SourceLoc b) { return a.line == b.line && a.column == b.column; }

bool InPrimitiveRoutine(const ThreadRec& th) {
  for (const Frame& f : th.frames)
    if (f.code >= kNativeBase) return true;
  return false;
}

// How many states the search for a continuation that lets a waiter go may visit from the
// cycle's first state. A waiter's releaser is usually a few steps away (the readers' count
// drops to zero, the holder leaves its critical section); a wait nothing can end makes the
// search visit everything reachable, which this bounds.
constexpr size_t kContinuationStates = 20000;

// Which of the `waiters` (each waiting at waits[t]) some continuation from `from` lets go: a
// state reachable over any steps of any threads where the thread has finished or stands
// somewhere else than where it waits. Breadth-first over every choice of every thread, so
// the answer depends on the state alone. `*complete` says whether the search saw every
// reachable state or was cut by kContinuationStates (then a waiter not found let go is only
// not known to be releasable).
ThreadMask Releasable(const Interpreter& interp, const Machine& from, ThreadMask waiters,
                      const std::vector<SourceLoc>& waits, bool* complete) {
  ThreadMask released = 0;
  auto check = [&](const Machine& m) {
    for (int t = 0; t < m.num_threads; ++t) {
      ThreadMask bit = ThreadBit(t);
      if (!(waiters & bit) || (released & bit)) continue;
      if (m.threads[t].finished || !SameLoc(interp.WaitLoc(m, t), waits[t])) released |= bit;
    }
    return released == waiters;
  };
  *complete = true;
  if (check(from)) return released;
  PackedState packed;
  PackScratch scratch;
  absl::flat_hash_set<uint64_t> seen{Pack(from, packed, scratch)};
  std::deque<Machine> frontier{from};
  StepOutput out;
  std::vector<Transition> mine;
  while (!frontier.empty()) {
    Machine m = std::move(frontier.front());
    frontier.pop_front();
    if (interp.Ended(m)) continue;
    for (int t = 0; t < m.num_threads; ++t) {
      mine.clear();
      ThreadTransitions(interp, m, t, mine);
      for (const Transition& tr : mine) {
        Machine next = m;
        out.Clear();
        interp.Step(next, t, tr.choice, out);
        if (!seen.insert(Pack(next, packed, scratch)).second) continue;
        if (check(next)) return released;
        if (seen.size() >= kContinuationStates) {
          *complete = false;
          return released;
        }
        frontier.push_back(std::move(next));
      }
    }
  }
  return released;
}

}  // namespace

LassoResult ExamineLasso(const Interpreter& interp, const Machine& start, size_t start_step,
                         const Schedule& schedule, size_t loop_start, Fairness fairness) {
  LassoResult result;
  Machine m = start;
  StepOutput out;
  std::vector<OpRecord> records;
  auto step = [&](size_t i) {
    const ScheduleStep& s = schedule[i];
    uint32_t choice = ChoiceOf(s);
    if (interp.Ended(m) || s.thread >= m.num_threads ||
        !ChoiceAvailable(interp, m, s.thread, choice))
      return false;
    out.Clear();
    interp.Step(m, s.thread, choice, out);
    return true;
  };
  if (loop_start < start_step || loop_start >= schedule.size()) {
    result.why_not = "the cycle is empty";
    return result;
  }
  for (size_t i = start_step; i < loop_start; ++i) {
    if (!step(i)) {
      result.why_not = "the schedule does not fit this scenario";
      return result;
    }
  }
  if (m.num_threads > kMaxCycleThreads) {
    result.why_not = absl::StrCat("cycles are checked in programs of up to ", kMaxCycleThreads,
                                  " threads");
    return result;
  }
  const Machine entry = m;
  PackedState packed;
  PackScratch scratch;
  const uint64_t entry_fingerprint = Pack(entry, packed, scratch);

  // The cycle as a graph of its own: one state per step (so a state met twice counts twice,
  // which only makes the fairness check stricter).
  ComponentGraph g;
  for (int t = 0; t < entry.num_threads; ++t) {
    if (!entry.threads[t].finished && !entry.threads[t].daemon) g.live |= ThreadBit(t);
  }
  g.enabled.push_back(EnabledThreads(interp, m));
  // Threads that stand in one primitive operation all around the cycle (a Semaphore's
  // acquire that wakes, finds no unit and queues again): their steps are the primitive's, not
  // progress, so they wait like a thread that never steps.
  std::vector<SourceLoc> waits(entry.num_threads);
  ThreadMask held = 0;
  for (int t = 0; t < entry.num_threads; ++t) {
    waits[t] = interp.WaitLoc(entry, t);
    if ((g.live & ThreadBit(t)) && InPrimitiveRoutine(entry.threads[t])) held |= ThreadBit(t);
  }
  out.trace = &records;
  const size_t length = schedule.size() - loop_start;
  for (size_t i = 0; i < length; ++i) {
    if (!step(loop_start + i)) {
      result.why_not = "the schedule does not fit this scenario";
      return result;
    }
    for (int t = 0; t < m.num_threads; ++t) {
      if ((held & ThreadBit(t)) &&
          (m.threads[t].finished || !InPrimitiveRoutine(m.threads[t]) ||
           !SameLoc(interp.WaitLoc(m, t), waits[t])))
        held &= ~ThreadBit(t);
    }
    bool last = i + 1 == length;
    const StepMarks marks = MarksOf(schedule[loop_start + i].timeout, out);
    g.edges.push_back({static_cast<uint32_t>(i), last ? 0u : static_cast<uint32_t>(i + 1),
                       schedule[loop_start + i].thread, marks.timed, marks.parks,
                       marks.woke_unfairly});
    if (!last) g.enabled.push_back(EnabledThreads(interp, m));
  }
  if (Pack(m, packed, scratch) != entry_fingerprint) {
    result.why_not = "one turn of the cycle does not lead back to the state where it began";
    return result;
  }
  std::vector<FairCycle> cycles = FindFairCycles(g, fairness);
  auto whole = std::find_if(cycles.begin(), cycles.end(),
                            [&](const FairCycle& c) { return c.cycle.size() == length; });
  if (whole == cycles.end()) {
    ThreadMask moving = 0, en_any = 0, en_all = ~ThreadMask{0};
    bool timed = false;
    for (size_t i = 0; i < length; ++i) {
      moving |= ThreadBit(g.edges[i].thread);
      timed |= g.edges[i].timed;
      en_any |= g.enabled[i];
      en_all &= g.enabled[i];
    }
    bool strong = timed || fairness == Fairness::kStrong;
    ThreadMask unfair = (strong ? en_any : en_all) & ~moving;
    result.why_not = absl::StrCat(
        "the cycle is not fair", timed ? " (it has a timed step)" : "", ": ",
        ThreadNames(interp, entry, unfair),
        strong ? " can run on it but never does" : " can run throughout it but never does");
    return result;
  }

  BugOccurrence b;
  b.schedule = schedule;
  b.loop_start = loop_start;
  b.loop_entry = entry_fingerprint;
  // The rule (DESIGN.md §4): a waiter that no continuation lets go is deadlocked; one that
  // some continuation would let go, but the cycle never does, starves. The waiters are the live
  // threads never enabled on the cycle and those held in one primitive operation throughout.
  const ThreadMask held_movers = held & whole->moving;
  const ThreadMask waiters = whole->stuck | held_movers;
  bool complete = true;
  const ThreadMask releasable =
      waiters != 0 ? Releasable(interp, entry, waiters, waits, &complete) : 0;
  // Not let go within the search's bound: not known to be releasable, so judged as before the
  // rule (a never-enabled thread is deadlocked, a held one counts as moving).
  const ThreadMask no_way_out = complete ? waiters & ~releasable : whole->stuck & ~releasable;
  ThreadMask stuck = 0, starving = whole->starved;
  for (int t = 0; t < entry.num_threads; ++t) {
    ThreadMask bit = ThreadBit(t);
    if (!(waiters & bit)) continue;
    // A thread whose wait leads, through who holds what, to another live thread that is not
    // deadlocked only waits for that one, which is the finding, when it joins that thread (a
    // join on a thread that loops or starves) or the holder is itself waiting. A lock whose
    // holders move and keep it busy in turn starves its waiter, which is then the finding.
    int32_t holder = interp.DescribeWait(entry, t).holder;
    bool holder_waits = holder >= 0 && holder < entry.num_threads &&
                        ((waiters | whole->starved) & ThreadBit(holder));
    bool for_another = WaitsForALiveOne(interp, entry, t, no_way_out) &&
                       (entry.threads[t].pending.kind == PendingKind::kJoin || holder_waits);
    if ((no_way_out & bit) && !for_another) stuck |= bit;
    if ((releasable & bit) && !for_another) starving |= bit;
  }
  std::vector<std::string> keys;
  auto waits_of = [&](ThreadMask threads) {
    for (int t = entry.num_threads - 1; t >= 0; --t) {
      if (!(threads & ThreadBit(t))) continue;
      Interpreter::WaitInfo w = interp.DescribeWait(entry, t);
      keys.push_back(LocKey(w.loc));
      b.thread = t;
      b.loc = w.loc;
    }
  };
  if (stuck != 0) {
    b.kind = BugKind::kDeadlock;
    b.involved = stuck;
    waits_of(stuck);
  } else if (starving != 0) {
    b.kind = BugKind::kStarvation;
    b.involved = starving;
    waits_of(starving);
  } else {
    b.kind = BugKind::kLivelock;
    b.involved = whole->moving & g.live ? whole->moving & g.live : whole->moving;
    // Where the involved threads go round: every operation they run on the cycle.
    bool first = true;
    for (const OpRecord& r : records) {
      if (!(b.involved & ThreadBit(r.thread))) continue;
      keys.push_back(LocKey(r.loc));
      if (first || std::make_pair(r.loc.line, r.loc.column) < std::make_pair(b.loc.line, b.loc.column)) {
        b.loc = r.loc;
        b.thread = r.thread;
        first = false;
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  b.key = absl::StrCat(std::string(BugKindName(b.kind)), "|", absl::StrJoin(keys, ","));
  result.bug = std::move(b);
  return result;
}

}  // namespace lockcheck
