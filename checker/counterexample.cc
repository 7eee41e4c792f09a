#include "checker/counterexample.h"

#include <algorithm>
#include <bit>

#include "absl/container/flat_hash_map.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "checker/decisive.h"
#include "checker/lock_order.h"
#include "primitives/lock.h"

namespace lockcheck {
namespace {

// Records in r.after the state `m` shows right after record `i`: the locks its thread holds
// and the blocked threads. A step runs several records only while its thread is alone, so the
// interpreter calls this between them too. Condition.wait's private waiter locks are not the
// program's: `waiters` collects every lock seen as one during the replay (object numbers do
// not change within a run), since a woken waiter's lock stays locked, unreachable, after
// wait() returns, as in CPython.
void NoteRecordState(const Interpreter& interp, const Machine& m, size_t i,
                     std::vector<uint32_t>& waiters, Replayed& r) {
  if (r.after.size() <= i) r.after.resize(i + 1);
  RecordState& s = r.after[i];
  const int t = r.records[i].thread;
  for (uint32_t lock : interp.PrivateLocks(m)) {
    auto it = std::lower_bound(waiters.begin(), waiters.end(), lock);
    if (it == waiters.end() || *it != lock) waiters.insert(it, lock);
  }
  std::vector<uint32_t> held;
  for (uint32_t obj = 0; obj < m.objs.size(); ++obj) {
    if (HeldBy(m, obj, t) && !std::binary_search(waiters.begin(), waiters.end(), obj))
      held.push_back(obj);
  }
  s.holds = held.empty() ? std::vector<std::string>() : LockNames(interp, m, held);
  s.blocked.clear();
  if (interp.Ended(m)) return;
  for (int u = 0; u < m.num_threads; ++u)
    if (!m.threads[u].finished && interp.Choices(m, u) == 0) s.blocked.push_back(u);
}

}  // namespace

Replayed ReplaySchedule(const Interpreter& interp, const Schedule& schedule) {
  Replayed r;
  interp.Init(r.final);
  StepOutput out;
  out.trace = &r.records;
  std::vector<uint32_t> waiters;  // sorted
  out.before_record = [&](const Machine& m) {
    NoteRecordState(interp, m, r.records.size() - 1, waiters, r);
  };
  for (size_t i = 0; i < schedule.size(); ++i) {
    const ScheduleStep& s = schedule[i];
    uint32_t choice = ChoiceOf(s);
    if (interp.Ended(r.final)) {
      r.error = absl::StrCat("the schedule does not fit this scenario: the program has ended ",
                             "after step ", i, " of ", schedule.size());
      return r;
    }
    if (s.thread >= r.final.num_threads || !ChoiceAvailable(interp, r.final, s.thread, choice)) {
      r.error = absl::StrCat(
          "the schedule does not fit this scenario: at step ", i + 1, ", thread ", s.thread,
          s.thread >= r.final.num_threads ? " does not exist"
          : s.draw >= 0 ? absl::StrCat(" cannot draw outcome ", s.draw, " (it has ",
                                       interp.DrawOutcomes(r.final, s.thread), ")")
          : s.timeout   ? std::string(" cannot time out")
                        : std::string(" cannot run"));
      return r;
    }
    out.Clear();
    size_t before = r.records.size();
    interp.Step(r.final, s.thread, choice, out);
    for (size_t k = before; k < r.records.size(); ++k) r.step_of_record.push_back(static_cast<int32_t>(i));
    if (r.records.size() > before) NoteRecordState(interp, r.final, r.records.size() - 1, waiters, r);
    r.last_step_bugs.clear();
    if (!ExamineEvents(out, r.last_step_bugs, r.input_error)) return r;
    std::vector<Transition> transitions;
    EnabledTransitions(interp, r.final, transitions);
    CheckDeadlock(interp, r.final, transitions, r.last_step_bugs);
  }
  return r;
}

namespace {

std::string StackFunctionName(const Program& p, const Frame& f) { return p.codes[f.code].name; }

// Threads blocked in the final state and, following "waits for what X holds", the cycle.
std::string WaitForCycle(const Interpreter& interp, const Machine& m, std::vector<int>* cycle) {
  int n = m.num_threads;
  for (int start = 0; start < n; ++start) {
    std::vector<int> path;
    int t = start;
    std::vector<bool> seen(n, false);
    while (t >= 0 && t < n && !seen[t] && !m.threads[t].finished &&
           interp.Choices(m, t) == 0) {
      seen[t] = true;
      path.push_back(t);
      t = interp.DescribeWait(m, t).holder;
    }
    if (t >= 0 && t < n && seen[t]) {
      // The cycle is the part of the path from t on.
      auto it = std::find(path.begin(), path.end(), t);
      cycle->assign(it, path.end());
      std::vector<std::string> edges;
      for (int c : *cycle) {
        Interpreter::WaitInfo w = interp.DescribeWait(m, c);
        edges.push_back(absl::StrCat(interp.ThreadName(m, c), " waits for ",
                                     interp.ThreadName(m, w.holder), " in ", w.op, " (line ",
                                     w.loc.line, ")"));
      }
      return absl::StrJoin(edges, "; ");
    }
  }
  return "";
}

// Every blocked thread of the final state (what it waits in, who holds that) and the cycle.
void WaitGraph(const Interpreter& interp, const Machine& m, Bug& bug) {
  if (interp.Ended(m)) return;
  for (int t = 0; t < m.num_threads; ++t) {
    if (m.threads[t].finished || interp.Choices(m, t) != 0) continue;
    Interpreter::WaitInfo w = interp.DescribeWait(m, t);
    WaitEdge e;
    e.thread = interp.ThreadName(m, t);
    e.waits_on = w.op;
    e.line = w.loc.line;
    if (w.holder >= 0 && w.holder < m.num_threads) e.held_by = interp.ThreadName(m, w.holder);
    bug.wait_graph.push_back(std::move(e));
  }
  std::vector<int> cycle;
  WaitForCycle(interp, m, &cycle);
  for (int t : cycle) bug.wait_cycle.push_back(interp.ThreadName(m, t));
}

absl::string_view AccessName(OpAccess a) {
  switch (a) {
    case OpAccess::kRead: return "read";
    case OpAccess::kWrite: return "write";
    case OpAccess::kAcquire: return "acquire";
    case OpAccess::kRelease: return "release";
    case OpAccess::kStart: return "start";
    case OpAccess::kJoin: return "join";
    case OpAccess::kOther: break;
  }
  return "";
}

// The name of every object the records touch, as the program reaches it in `m` (one walk).
absl::flat_hash_map<int64_t, std::string> ObjectNames(const Interpreter& interp, const Machine& m,
                                                      const std::vector<OpRecord>& records) {
  std::vector<uint32_t> objects;
  for (const OpRecord& r : records)
    if (r.object >= 0 && static_cast<uint64_t>(r.object) < m.objs.size())
      objects.push_back(static_cast<uint32_t>(r.object));
  std::sort(objects.begin(), objects.end());
  objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
  std::vector<std::string> names = LockNames(interp, m, objects);
  absl::flat_hash_map<int64_t, std::string> by_object;
  // An object the program no longer reaches (a Condition's private waiter lock, a list
  // dropped since) has no name worth showing: its target stays empty.
  for (size_t i = 0; i < objects.size(); ++i)
    if (!absl::StartsWith(names[i], "<lock ")) by_object[objects[i]] = std::move(names[i]);
  return by_object;
}

// The scenario's path as the report names it (`file`) for its own locations, an imported
// module's path for one in that module.
std::string FileOf(const Program& program, SourceLoc loc, const std::string& file) {
  return loc.file == 0 ? file : SourcePath(program, loc);
}

uint64_t Fnv(absl::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

Bug MakeBug(const Interpreter& interp, const BugOccurrence& occ, const std::string& file) {
  const Program& program = interp.runtime().program;
  Replayed r = ReplaySchedule(interp, occ.schedule);
  const Machine& m = r.final;
  Bug bug;
  bug.kind = occ.kind;
  bug.severity = occ.kind == BugKind::kLockOrder ? Severity::kWarning : Severity::kError;
  bug.id = absl::StrFormat("%016x", Fnv(occ.key));
  bug.location = {FileOf(program, occ.loc, file), occ.loc.line, occ.loc.column};
  bug.replay = EncodeSchedule(occ.schedule, occ.loop_start);
  bug.handled = occ.handled;
  const absl::flat_hash_map<int64_t, std::string> object_names = ObjectNames(interp, m, r.records);
  for (size_t i = 0; i < r.records.size(); ++i) {
    const OpRecord& rec = r.records[i];
    TraceStep step;
    step.thread = rec.thread;
    step.thread_name = interp.ThreadName(m, rec.thread);
    step.op = rec.op;
    step.line = rec.loc.line;
    if (rec.loc.file != 0) step.file = SourcePath(program, rec.loc);
    step.column = rec.loc.column;
    step.outcome = rec.outcome;
    step.access = std::string(AccessName(rec.access));
    if (rec.global >= 0 && static_cast<size_t>(rec.global) < program.global_names.size()) {
      step.target = program.global_names[rec.global];
    } else if (auto it = object_names.find(rec.object); it != object_names.end()) {
      step.target = it->second;
    }
    if (!rec.output.empty()) {
      std::string text = rec.output;
      if (!text.empty() && text.back() == '\n') text.pop_back();
      step.output = absl::StrSplit(text, '\n');
    }
    if (i < r.after.size()) {
      step.holds = r.after[i].holds;
      step.blocked = r.after[i].blocked;
    }
    bug.trace.push_back(std::move(step));
    if (occ.loop_start && !bug.loop_start &&
        r.step_of_record[i] >= static_cast<int32_t>(*occ.loop_start)) {
      bug.loop_start = static_cast<int32_t>(i);
    }
  }
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    ThreadState ts;
    ts.thread = t;
    ts.name = interp.ThreadName(m, t);
    ts.daemon = th.daemon;
    if (th.finished) {
      ts.status = "finished";
    } else if (interp.Ended(m)) {
      ts.status = "abandoned";  // a daemon thread still running when the program ended
    } else if (interp.Choices(m, t) == 0) {
      ts.status = "blocked";
      Interpreter::WaitInfo w = interp.DescribeWait(m, t);
      ts.waits_on = w.op;
      ts.waits_line = w.loc.line;
      if (w.holder >= 0 && w.holder < m.num_threads) ts.held_by = interp.ThreadName(m, w.holder);
    } else {
      ts.status = "runnable";
    }
    for (const Frame& f : th.frames) {
      if (f.code == program.bootstrap_code || f.code >= kNativeBase) continue;
      const SourceLoc at = program.codes[f.code].info[f.pc].span.begin;
      ts.stack.push_back({StackFunctionName(program, f), FileOf(program, at, file), at.line});
    }
    bug.final_state.push_back(std::move(ts));
  }
  MarkDecisive(interp, m, r.records, occ, bug);
  std::string thread_name = occ.thread < m.num_threads ? interp.ThreadName(m, occ.thread) : "?";
  if (occ.kind == BugKind::kDeadlock) WaitGraph(interp, m, bug);
  // Lassos: the threads going round the cycle, and the ones it leaves out.
  ThreadMask movers = 0;
  if (occ.loop_start) {
    for (size_t i = *occ.loop_start; i < occ.schedule.size(); ++i)
      movers |= ThreadBit(occ.schedule[i].thread);
    for (int t = 0; t < m.num_threads; ++t)
      if (occ.involved & ThreadBit(t)) bug.threads.push_back(interp.ThreadName(m, t));
  }
  auto names_of = [&](ThreadMask threads) {
    std::vector<std::string> names;
    for (int t = 0; t < m.num_threads; ++t)
      if (threads & ThreadBit(t)) names.push_back(interp.ThreadName(m, t));
    return absl::StrJoin(names, ", ");
  };
  auto keeps = [&](ThreadMask threads) {
    return std::popcount(threads) == 1 ? "keeps" : "keep";
  };
  switch (occ.kind) {
    case BugKind::kLockOrder: {
      bug.lock_order = occ.lock_order;
      std::vector<std::string> parts;
      for (const LockOrderEdge& e : occ.lock_order) {
        if (std::find(bug.threads.begin(), bug.threads.end(), e.thread) == bug.threads.end())
          bug.threads.push_back(e.thread);
        parts.push_back(absl::StrCat(e.holds, " then ", e.acquires, " (", e.thread, ", line ",
                                     e.line, ")"));
      }
      bug.message = absl::StrCat("locks taken in orders that form a cycle: ",
                                 absl::StrJoin(parts, "; "),
                                 ": threads taking them at the same time can deadlock");
      break;
    }
    case BugKind::kStarvation: {
      std::vector<std::string> starving;
      for (int t = 0; t < m.num_threads; ++t) {
        if (!(occ.involved & ThreadBit(t))) continue;
        Interpreter::WaitInfo w = interp.DescribeWait(m, t);
        starving.push_back(absl::StrCat(interp.ThreadName(m, t), " never gets to run ", w.op,
                                        " (line ", w.loc.line, ")"));
      }
      // A waiter that steps only inside its primitive operation starves; it is not a mover.
      const ThreadMask others = movers & ~occ.involved;
      bug.message = absl::StrCat(absl::StrJoin(starving, "; "),
                                 ": able to run now and then, while ", names_of(others), " ",
                                 keeps(others), " running forever");
      break;
    }
    case BugKind::kLivelock:
      bug.message = absl::StrCat(names_of(occ.involved), " ", keeps(occ.involved),
                                 " running forever and the program never finishes");
      break;
    case BugKind::kDeadlock: {
      std::vector<int> cycle;
      bug.wait_for = WaitForCycle(interp, m, &cycle);
      std::vector<std::string> names;
      if (occ.loop_start) {
        // A partial deadlock: blocked for good while other threads run on.
        bug.message = absl::StrCat(names_of(occ.involved), " ",
                                   std::popcount(occ.involved) == 1 ? "is" : "are",
                                   " blocked forever while ", names_of(movers), " ",
                                   keeps(movers), " running");
        if (cycle.size() > 1) {
          Interpreter::WaitInfo w = interp.DescribeWait(m, cycle[0]);
          bug.location = {FileOf(program, w.loc, file), w.loc.line, w.loc.column};
        }
        break;
      }
      for (int t = 0; t < m.num_threads; ++t) {
        if (!m.threads[t].finished) {
          bug.threads.push_back(interp.ThreadName(m, t));
        }
      }
      if (cycle.size() == 1) {
        Interpreter::WaitInfo w = interp.DescribeWait(m, cycle[0]);
        bug.message = absl::StrCat(interp.ThreadName(m, cycle[0]), " waits in ", w.op,
                                   " for a lock it holds itself");
      } else if (!cycle.empty()) {
        // The bug is where the first thread of the cycle waits.
        Interpreter::WaitInfo w = interp.DescribeWait(m, cycle[0]);
        bug.location = {FileOf(program, w.loc, file), w.loc.line, w.loc.column};
        for (int c : cycle) names.push_back(interp.ThreadName(m, c));
        bug.message = absl::StrCat(absl::StrJoin(names, ", "), " wait for each other");
      } else {
        for (int t = 0; t < m.num_threads; ++t) {
          if (m.threads[t].finished) continue;
          Interpreter::WaitInfo w = interp.DescribeWait(m, t);
          names.push_back(absl::StrCat(interp.ThreadName(m, t), " in ", w.op));
        }
        bug.message = absl::StrCat("every live thread is blocked forever: ",
                                   absl::StrJoin(names, "; "));
      }
      break;
    }
    case BugKind::kUnlockNotHeld:
      bug.threads = {thread_name};
      bug.message = absl::StrCat(occ.exc_type.empty() ? "RuntimeError" : occ.exc_type, ": ",
                                 occ.message, " (in ", thread_name, ")");
      break;
    default:
      bug.threads = {thread_name};
      bug.message = occ.message.empty() ? absl::StrCat(occ.exc_type, " in ", thread_name)
                                        : absl::StrCat(occ.exc_type, ": ", occ.message, " (in ",
                                                       thread_name, ")");
      break;
  }
  return bug;
}

}  // namespace lockcheck
