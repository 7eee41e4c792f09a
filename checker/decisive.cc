#include "checker/decisive.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace lockcheck {
namespace {

// A global or a heap object as one number: globals below kObjectBase, objects from it on.
constexpr int64_t kObjectBase = int64_t{1} << 40;
constexpr size_t kNone = ~size_t{0};

int64_t TargetOf(const OpRecord& r) {
  if (r.global >= 0) return r.global;
  if (r.object >= 0) return kObjectBase + r.object;
  return -1;
}

std::string Step(size_t i) { return absl::StrCat("step ", i + 1); }

std::string Thousands(uint64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Marks steps and collects the sentences that say why they decide the bug.
class Marker {
 public:
  Marker(const std::vector<OpRecord>& records, Bug& bug) : records_(records), bug_(bug) {}

  void Mark(size_t i) { bug_.trace[i].decisive = true; }
  const std::string& Name(size_t i) const { return bug_.trace[i].thread_name; }
  const std::string& Target(size_t i) const { return bug_.trace[i].target; }
  void Note(std::string s) { notes_.push_back(std::move(s)); }
  void Finish() { bug_.decisive = absl::StrJoin(notes_, "; "); }

  // The last record before `end` on `target` whose thread passes `thread_ok` and access
  // passes `access_ok`, or kNone.
  template <typename ThreadOk, typename AccessOk>
  size_t LastBefore(size_t end, int64_t target, ThreadOk thread_ok, AccessOk access_ok) const {
    for (size_t i = end; i-- > 0;) {
      const OpRecord& r = records_[i];
      if (TargetOf(r) == target && thread_ok(r.thread) && access_ok(r.access)) return i;
    }
    return kNone;
  }

  // Lost updates on `target` before `end`: a thread reads it, another writes it, the first
  // writes over that write. Marks the first and says how many there are; false when none.
  bool LostUpdate(int64_t target, size_t end) {
    std::vector<size_t> last_read;  // by thread
    size_t last_write = kNone;
    size_t count = 0, read = kNone, lost = kNone, over = kNone;
    for (size_t i = 0; i < end; ++i) {
      const OpRecord& r = records_[i];
      if (TargetOf(r) != target) continue;
      const size_t t = static_cast<size_t>(r.thread);
      if (last_read.size() <= t) last_read.resize(t + 1, kNone);
      if (r.access == OpAccess::kRead) last_read[t] = i;
      if (r.access != OpAccess::kWrite) continue;
      if (last_write != kNone && records_[last_write].thread != r.thread &&
          last_read[t] != kNone && last_read[t] < last_write) {
        if (count++ == 0) {
          read = last_read[t];
          lost = last_write;
          over = i;
        }
      }
      last_write = i;
    }
    if (count == 0) return false;
    Mark(read);
    Mark(lost);
    Mark(over);
    // A global's write replaces its value: the earlier write is lost. A container's write
    // may only change part of it (an append), so all that is sure is that it acts on a read
    // that is out of date.
    const bool global = records_[over].global >= 0;
    std::string note = absl::StrCat(Name(read), " read ", Target(read), " (", Step(read),
                                    ") before ", Name(lost), " wrote it (", Step(lost), "), then ",
                                    global ? "wrote over that (" : "wrote it on that stale read (",
                                    Step(over), ")");
    if (global) absl::StrAppend(&note, ": ", Name(lost), "'s update is lost");
    if (count > 1) {
      absl::StrAppend(&note, " (the first of ", Thousands(count),
                      global ? " lost updates)" : " such writes)");
    }
    Note(std::move(note));
    return true;
  }

  // A failed assertion or an exception at record `fail`.
  void Race(size_t fail) {
    const OpRecord& failing = records_[fail];
    const int32_t f = failing.thread;
    // What the failing statement read: the failing thread's records on its line, back to
    // the first of its records on another line.
    std::vector<std::pair<int64_t, size_t>> reads;  // target, its first read there
    for (size_t i = fail + 1; i-- > 0;) {
      const OpRecord& r = records_[i];
      if (r.thread != f) continue;
      if (r.loc.line != failing.loc.line) break;
      const int64_t target = TargetOf(r);
      if (r.access != OpAccess::kRead || target < 0) continue;
      auto it = std::find_if(reads.begin(), reads.end(),
                             [&](const auto& e) { return e.first == target; });
      if (it == reads.end()) reads.insert(reads.begin(), {target, i});
      else it->second = i;
    }
    for (const auto& [target, at] : reads) {
      if (LostUpdate(target, fail)) {
        Mark(at);
        Note(absl::StrCat(Name(at), " reads ", Target(at), " at ", Step(at)));
        continue;
      }
      const size_t wrote = LastBefore(at, target, [&](int32_t t) { return t != f; },
                                      [](OpAccess a) { return a == OpAccess::kWrite; });
      if (wrote == kNone) continue;
      const size_t before = LastBefore(wrote, target, [&](int32_t t) { return t == f; },
                                       [](OpAccess a) { return a == OpAccess::kRead; });
      Mark(wrote);
      Mark(at);
      if (before != kNone) {
        Mark(before);
        Note(absl::StrCat(Name(at), " read ", Target(at), " (", Step(before), "), ",
                          Name(wrote), " wrote it (", Step(wrote), "), ", Name(at),
                          " read it again (", Step(at), ")"));
      } else {
        Note(absl::StrCat(Name(wrote), " wrote ", Target(at), " (", Step(wrote), ") before ",
                          Name(at), " read it (", Step(at), ")"));
      }
    }
  }

  // A release of a lock not held, at record `fail`.
  void Unheld(size_t fail) {
    const OpRecord& failing = records_[fail];
    const int64_t target = TargetOf(failing);
    if (failing.access != OpAccess::kRelease || target < 0) return;
    const size_t other = LastBefore(
        fail, target, [&](int32_t t) { return t != failing.thread; },
        [](OpAccess a) { return a == OpAccess::kAcquire || a == OpAccess::kRelease; });
    if (other == kNone) return;
    Mark(other);
    Note(absl::StrCat(Name(other), records_[other].access == OpAccess::kAcquire ? " took "
                                                                                 : " released ",
                      Target(other), " (", Step(other), ")"));
  }

  // Every thread blocked on a lock: its holder's last acquire of it.
  void Deadlock(const Interpreter& interp, const Machine& m) {
    for (int t = 0; t < m.num_threads; ++t) {
      const ThreadRec& th = m.threads[t];
      if (th.finished || interp.Choices(m, t) != 0) continue;
      const Pending& p = th.pending;
      if ((p.kind != PendingKind::kLockAcquire && p.kind != PendingKind::kRLockAcquire) ||
          !p.obj.is_obj())
        continue;
      const Interpreter::WaitInfo w = interp.DescribeWait(m, t);
      if (w.holder < 0) continue;
      const size_t took = LastBefore(
          records_.size(), kObjectBase + p.obj.payload(),
          [&](int32_t u) { return u == w.holder; },
          [](OpAccess a) { return a == OpAccess::kAcquire; });
      if (took == kNone) continue;
      Mark(took);
      Note(absl::StrCat(Name(took), " took ", Target(took), " (", Step(took), "), which ",
                        interp.ThreadName(m, t), " waits for in ", w.op, " (line ", w.loc.line,
                        ")"));
    }
  }

 private:
  const std::vector<OpRecord>& records_;
  Bug& bug_;
  std::vector<std::string> notes_;
};

}  // namespace

void MarkDecisive(const Interpreter& interp, const Machine& m,
                  const std::vector<OpRecord>& records, const BugOccurrence& occ, Bug& bug) {
  if (occ.loop_start || records.empty() || records.size() != bug.trace.size()) return;
  Marker marker(records, bug);
  switch (occ.kind) {
    case BugKind::kDeadlock:
      marker.Deadlock(interp, m);
      break;
    case BugKind::kAssertion:
    case BugKind::kException:
    case BugKind::kUnlockNotHeld: {
      // The failing step is the failing thread's last.
      size_t fail = records.size();
      while (fail-- > 0 && records[fail].thread != occ.thread) {}
      if (fail >= records.size()) break;
      if (occ.kind == BugKind::kUnlockNotHeld) marker.Unheld(fail);
      else marker.Race(fail);
      marker.Mark(fail);
      marker.Note(absl::StrCat(marker.Name(fail), " fails at ", Step(fail)));
      break;
    }
    default:
      break;
  }
  marker.Finish();
}

}  // namespace lockcheck
