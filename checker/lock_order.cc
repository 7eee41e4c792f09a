#include "checker/lock_order.h"

#include <algorithm>
#include <deque>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "primitives/lock.h"

namespace lockcheck {
namespace {

std::string LocKey(SourceLoc loc) { return absl::StrCat(loc.line, ":", loc.column); }

}  // namespace

std::vector<std::string> LockNames(const Interpreter& interp, const Machine& m,
                                   const std::vector<uint32_t>& locks) {
  const Program& program = interp.runtime().program;
  const Interner& interner = *interp.runtime().interner;
  absl::flat_hash_map<uint32_t, std::string> named;
  std::deque<std::pair<Value, std::string>> queue;
  auto reach = [&](Value v, std::string name) {
    if (!v.is_obj() || named.contains(v.payload())) return;
    named.emplace(v.payload(), name);
    queue.emplace_back(v, std::move(name));
  };
  size_t found = 0;
  auto wanted = [&](uint32_t obj) { return std::find(locks.begin(), locks.end(), obj) != locks.end(); };
  // Everything the globals reach first; then each thread's locals ("Thread-1.worker.first").
  for (size_t g = 0; g < m.globals.size() && g < program.global_names.size(); ++g)
    reach(m.globals[g], program.global_names[g]);
  int next_thread = 0;
  while (found < locks.size()) {
    if (queue.empty()) {
      if (next_thread == m.num_threads) break;
      const ThreadRec& th = m.threads[next_thread];
      std::string thread = interp.ThreadName(m, next_thread++);
      thread = thread.substr(0, thread.find(' '));
      for (const Frame& f : th.frames) {
        if (f.code >= kNativeBase || f.code == program.bootstrap_code) continue;
        const Code& code = program.codes[f.code];
        for (size_t i = 0; i < code.local_names.size(); ++i) {
          size_t slot = static_cast<size_t>(f.base) + i;
          if (slot < th.values.size()) {
            reach(th.values[slot], absl::StrCat(thread, ".", code.name, ".", code.local_names[i]));
          }
        }
      }
      continue;
    }
    auto [v, name] = std::move(queue.front());
    queue.pop_front();
    if (wanted(v.payload())) ++found;
    const Value* p = m.payload(v);
    uint32_t size = m.size(v);
    switch (m.type(v)) {
      case ObjType::kList:
      case ObjType::kTuple:
      case ObjType::kDeque:
        for (uint32_t i = 0; i < size; ++i) reach(p[i], absl::StrCat(name, "[", i, "]"));
        break;
      case ObjType::kDict:
        for (uint32_t i = 0; i + 1 < size; i += 2) {
          std::string key = p[i].is_str()         ? absl::StrCat("'", interner.StrOf(p[i]), "'")
                            : p[i].is_small_int() ? absl::StrCat(p[i].small_int())
                                                  : "...";
          reach(p[i + 1], absl::StrCat(name, "[", key, "]"));
        }
        break;
      case ObjType::kCondition:
        reach(p[0], absl::StrCat(name, "._lock"));
        break;
      case ObjType::kEvent:
      case ObjType::kSemaphore:
        reach(p[0], absl::StrCat(name, "._cond"));
        break;
      case ObjType::kBarrier:
        reach(p[kBarrierCond], absl::StrCat(name, "._cond"));
        break;
      case ObjType::kQueue:
        reach(p[kQueueMutex], absl::StrCat(name, ".mutex"));
        break;
      default:
        break;
    }
  }
  std::vector<std::string> names;
  for (uint32_t lock : locks) {
    auto it = named.find(lock);
    names.push_back(it != named.end() ? it->second : absl::StrCat("<lock ", lock, ">"));
  }
  return names;
}

std::vector<LockOrderGraph::Showing> LockOrderGraph::Showings(const Machine& m) const {
  struct Wait {
    int t;
    uint32_t target;
    std::vector<uint32_t> held;
  };
  std::vector<Wait> waits;
  std::vector<uint32_t> waiters;
  bool have_waiters = false;
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& th = m.threads[t];
    const Pending& p = th.pending;
    if (th.finished ||
        (p.kind != PendingKind::kLockAcquire && p.kind != PendingKind::kRLockAcquire))
      continue;
    if (static_cast<AcquireMode>(p.mode) != AcquireMode::kBlocking) continue;
    const uint32_t target = p.obj.payload();
    if (p.kind == PendingKind::kRLockAcquire && HeldBy(m, target, t)) continue;
    std::vector<uint32_t> held;
    for (uint32_t i = 0; i < m.objs.size(); ++i) {
      if (i != target && HeldBy(m, i, t)) held.push_back(i);
    }
    if (held.empty()) continue;
    if (!have_waiters) {
      waiters = interp_.PrivateLocks(m);
      have_waiters = true;
    }
    auto is_waiter = [&](uint32_t lock) {
      return std::find(waiters.begin(), waiters.end(), lock) != waiters.end();
    };
    if (is_waiter(target)) continue;
    std::erase_if(held, is_waiter);
    if (!held.empty()) waits.push_back({t, target, std::move(held)});
  }
  std::vector<Showing> out;
  if (waits.empty()) return out;
  // One walk names every lock involved.
  std::vector<uint32_t> locks;
  for (const Wait& w : waits) {
    locks.insert(locks.end(), w.held.begin(), w.held.end());
    locks.push_back(w.target);
  }
  std::vector<std::string> names = LockNames(interp_, m, locks);
  size_t k = 0;
  for (const Wait& w : waits) {
    const std::string& acquired = names[k + w.held.size()];
    Interpreter::WaitInfo info = interp_.DescribeWait(m, w.t);
    const std::string thread = interp_.ThreadName(m, w.t);
    for (size_t i = 0; i < w.held.size(); ++i) {
      if (names[k + i] == acquired) continue;
      out.push_back({names[k + i], acquired, thread, info.op, info.loc, w.t});
    }
    k += w.held.size() + 1;
  }
  return out;
}

namespace {

auto ShowingOrder(const SourceLoc& loc, const std::string& thread, const std::string& op) {
  return std::make_tuple(loc.line, loc.column, std::cref(thread), std::cref(op));
}

}  // namespace

void LockOrderGraph::Seen::Add(const Showing& s, const std::function<Schedule()>& path) {
  const bool first = threads.empty();
  auto at = std::lower_bound(threads.begin(), threads.end(), s.thread);
  if (at == threads.end() || *at != s.thread) threads.insert(at, s.thread);
  if (!first && ShowingOrder(s.loc, s.thread, s.op) >= ShowingOrder(loc, thread_name, op)) return;
  op = s.op;
  loc = s.loc;
  thread = s.t;
  thread_name = s.thread;
  schedule = path ? path() : Schedule();
}

void LockOrderGraph::Seen::Add(const Seen& o) {
  for (const std::string& name : o.threads) {
    auto at = std::lower_bound(threads.begin(), threads.end(), name);
    if (at == threads.end() || *at != name) threads.insert(at, name);
  }
  if (ShowingOrder(o.loc, o.thread_name, o.op) >= ShowingOrder(loc, thread_name, op)) return;
  op = o.op;
  loc = o.loc;
  thread = o.thread;
  thread_name = o.thread_name;
  schedule = o.schedule;
}

void LockOrderGraph::Observe(const Machine& m, const std::function<Schedule()>& schedule) {
  for (const Showing& s : Showings(m)) order_[s.holds][s.acquires].Add(s, schedule);
}

void LockOrderGraph::Merge(const LockOrderGraph& other) {
  for (const auto& [held, next] : other.order_) {
    for (const auto& [acquired, seen] : next) {
      auto [it, is_new] = order_[held].try_emplace(acquired, seen);
      if (!is_new) it->second.Add(seen);
    }
  }
}

bool LockOrderGraph::Shows(const Machine& m, const LockOrderEdge& e) const {
  for (const Showing& s : Showings(m)) {
    if (s.holds == e.holds && s.acquires == e.acquires && s.thread == e.thread &&
        s.loc.line == e.line && s.loc.column == e.column)
      return true;
  }
  return false;
}

std::vector<BugOccurrence> LockOrderGraph::Warnings() const {
  // The graph in a fixed order: names sorted, each one's successors sorted.
  std::vector<std::string> names;
  for (const auto& [held, next] : order_) {
    names.push_back(held);
    for (const auto& [acquired, seen] : next) names.push_back(acquired);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  auto index = [&](const std::string& name) {
    return static_cast<size_t>(std::lower_bound(names.begin(), names.end(), name) - names.begin());
  };
  std::vector<std::vector<std::pair<size_t, const Seen*>>> out(names.size());
  for (const auto& [held, next] : order_) {
    for (const auto& [acquired, seen] : next) out[index(held)].push_back({index(acquired), &seen});
  }
  for (auto& edges : out) std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });

  std::vector<BugOccurrence> warnings;
  absl::flat_hash_set<std::string> keys;
  for (size_t a = 0; a < names.size(); ++a) {
    for (const auto& [b, first_seen] : out[a]) {
      // The shortest way back from b to a closes a cycle through the edge a -> b.
      std::vector<std::pair<size_t, const Seen*>> via(names.size(), {SIZE_MAX, nullptr});
      std::deque<size_t> queue = {b};
      via[b] = {b, nullptr};
      while (!queue.empty() && via[a].first == SIZE_MAX) {
        size_t v = queue.front();
        queue.pop_front();
        for (const auto& [w, seen] : out[v]) {
          if (via[w].first != SIZE_MAX) continue;
          via[w] = {v, seen};
          queue.push_back(w);
        }
      }
      if (via[a].first == SIZE_MAX || a == b) continue;
      struct Hop {
        size_t from, to;
        const Seen* seen;
      };
      std::vector<Hop> cycle;
      for (size_t v = a; v != b; v = via[v].first) cycle.push_back({via[v].first, v, via[v].second});
      cycle.push_back({a, b, first_seen});
      std::reverse(cycle.begin(), cycle.end());
      // Across threads: not every step shown by one and the same thread alone.
      bool one_thread = std::all_of(cycle.begin(), cycle.end(), [&](const Hop& h) {
        return h.seen->threads.size() == 1 && h.seen->threads[0] == cycle[0].seen->threads[0];
      });
      if (one_thread) continue;
      // Start at the earliest acquisition site, so the same cycle reads the same every time.
      auto earliest = std::min_element(cycle.begin(), cycle.end(), [](const Hop& x, const Hop& y) {
        return std::make_pair(x.seen->loc.line, x.seen->loc.column) <
               std::make_pair(y.seen->loc.line, y.seen->loc.column);
      });
      std::rotate(cycle.begin(), earliest, cycle.end());
      std::vector<std::string> sites;
      for (const Hop& h : cycle) sites.push_back(absl::StrCat(names[h.from], "@", LocKey(h.seen->loc)));
      std::sort(sites.begin(), sites.end());
      std::string key = absl::StrCat("lock-order|", absl::StrJoin(sites, ","));
      if (!keys.insert(key).second) continue;

      BugOccurrence w;
      w.kind = BugKind::kLockOrder;
      w.key = std::move(key);
      w.loc = cycle[0].seen->loc;
      const Seen* shortest = cycle[0].seen;
      const Hop* shortest_hop = &cycle[0];
      std::vector<std::string> used;  // show a different thread on each step where possible
      for (const Hop& h : cycle) {
        if (h.seen->schedule.size() < shortest->schedule.size()) {
          shortest = h.seen;
          shortest_hop = &h;
        }
        std::string thread = h.seen->threads[0];
        for (const std::string& candidate : h.seen->threads) {
          if (std::find(used.begin(), used.end(), candidate) == used.end()) {
            thread = candidate;
            break;
          }
        }
        used.push_back(thread);
        w.lock_order.push_back({thread, names[h.from], names[h.to], h.seen->op, h.seen->loc.line,
                                h.seen->loc.column});
      }
      w.schedule = shortest->schedule;
      w.thread = shortest->thread;
      w.shown = LockOrderEdge{shortest->thread_name, names[shortest_hop->from],
                              names[shortest_hop->to], shortest->op, shortest->loc.line,
                              shortest->loc.column};
      warnings.push_back(std::move(w));
    }
  }
  std::sort(warnings.begin(), warnings.end(),
            [](const BugOccurrence& x, const BugOccurrence& y) { return x.key < y.key; });
  return warnings;
}

}  // namespace lockcheck
