#include "checker/lasso.h"

#include <algorithm>

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

}  // namespace

LassoResult ExamineLasso(const Interpreter& interp, const Machine& start, size_t start_step,
                         const Schedule& schedule, size_t loop_start, Fairness fairness) {
  LassoResult result;
  Machine m = start;
  StepOutput out;
  std::vector<OpRecord> records;
  auto step = [&](size_t i) {
    const ScheduleStep& s = schedule[i];
    uint32_t choice = s.timeout ? kChoiceTimeout : kChoiceProceed;
    if (interp.Ended(m) || s.thread >= m.num_threads || !(interp.Choices(m, s.thread) & choice))
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
  out.trace = &records;
  const size_t length = schedule.size() - loop_start;
  for (size_t i = 0; i < length; ++i) {
    if (!step(loop_start + i)) {
      result.why_not = "the schedule does not fit this scenario";
      return result;
    }
    bool last = i + 1 == length;
    g.edges.push_back({static_cast<uint32_t>(i), last ? 0u : static_cast<uint32_t>(i + 1),
                       schedule[loop_start + i].thread,
                       schedule[loop_start + i].timeout || out.slept});
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
  ThreadMask stuck = 0;
  for (int t = 0; t < entry.num_threads; ++t) {
    if ((whole->stuck & ThreadBit(t)) && !WaitsForALiveOne(interp, entry, t, whole->stuck))
      stuck |= ThreadBit(t);
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
  } else if (whole->starved != 0) {
    b.kind = BugKind::kStarvation;
    b.involved = whole->starved;
    waits_of(whole->starved);
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
