#include "checker/lock_order.h"

#include <algorithm>
#include <deque>
#include <functional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "primitives/lock.h"

namespace lockcheck {
namespace {

std::string LocKey(SourceLoc loc) { return absl::StrCat(loc.line, ":", loc.column); }

}  // namespace

LockNamer::LockNamer(const Interpreter& interp)
    : interp_(interp), program_(interp.runtime().program) {}

void LockNamer::Name(const Machine& m, const std::vector<uint32_t>& locks,
                     std::vector<std::string>& names) {
  links_.assign(m.objs.size(), Link{});
  queue_.clear();
  size_t head = 0;
  auto reach = [&](Value v, Link link) {
    if (!v.is_obj() || links_[v.payload()].via != Via::kNone) return;
    links_[v.payload()] = link;
    queue_.push_back(v.payload());
  };
  size_t found = 0;
  auto wanted = [&](uint32_t obj) { return std::find(locks.begin(), locks.end(), obj) != locks.end(); };
  // Everything the globals reach first; then each thread's locals ("Thread-1.worker.first").
  for (size_t g = 0; g < m.globals.size() && g < program_.global_names.size(); ++g)
    reach(m.globals[g], {Via::kGlobal, static_cast<uint32_t>(g)});
  int next_thread = 0;
  while (found < locks.size()) {
    if (head == queue_.size()) {
      if (next_thread == m.num_threads) break;
      const int t = next_thread++;
      const ThreadRec& th = m.threads[t];
      for (size_t fi = 0; fi < th.frames.size(); ++fi) {
        const Frame& f = th.frames[fi];
        if (f.code >= kNativeBase || f.code == program_.bootstrap_code) continue;
        const Code& code = program_.codes[f.code];
        for (size_t i = 0; i < code.local_names.size(); ++i) {
          size_t slot = static_cast<size_t>(f.base) + i;
          if (slot < th.values.size()) {
            reach(th.values[slot], {Via::kLocal, static_cast<uint32_t>(t),
                                    static_cast<uint32_t>(fi), static_cast<uint32_t>(i)});
          }
        }
      }
      continue;
    }
    const uint32_t obj = queue_[head++];
    if (wanted(obj)) ++found;
    const Value* p = m.payload(obj);
    const uint32_t size = m.objs[obj].size;
    switch (m.objs[obj].type) {
      case ObjType::kList:
      case ObjType::kTuple:
      case ObjType::kDeque:
        for (uint32_t i = 0; i < size; ++i) reach(p[i], {Via::kIndex, obj, i});
        break;
      case ObjType::kDict:
        for (uint32_t i = 0; i + 1 < size; i += 2) reach(p[i + 1], {Via::kKey, obj, i});
        break;
      case ObjType::kCondition:
        reach(p[0], {Via::kAttr, obj, kLockAttr});
        break;
      case ObjType::kEvent:
      case ObjType::kSemaphore:
        reach(p[0], {Via::kAttr, obj, kCondAttr});
        break;
      case ObjType::kBarrier:
        reach(p[kBarrierCond], {Via::kAttr, obj, kCondAttr});
        break;
      case ObjType::kQueue:
        reach(p[kQueueMutex], {Via::kAttr, obj, kMutexAttr});
        break;
      case ObjType::kInstance: reach(p[kInstDict], {Via::kDictOf, obj}); break;
      case ObjType::kClass: reach(p[kClassDict], {Via::kDictOf, obj}); break;
      case ObjType::kThread:
        if (size > kThreadDict) reach(p[kThreadDict], {Via::kDictOf, obj});
        break;
      case ObjType::kException: reach(p[kExcDict], {Via::kDictOf, obj}); break;
      case ObjType::kFunction:
        if (size > 3 && m.Is(p[3], ObjType::kTuple)) {
          const Value* closure = m.payload(p[3]);
          for (uint32_t i = 0; i < m.size(p[3]); ++i) reach(closure[i], {Via::kFree, obj, i});
        }
        break;
      case ObjType::kCell: reach(p[0], {Via::kCell, obj}); break;
      default:
        break;
    }
  }
  names.resize(locks.size());
  for (size_t i = 0; i < locks.size(); ++i) {
    names[i].clear();
    Append(m, locks[i], names[i]);
  }
}

void LockNamer::Append(const Machine& m, uint32_t obj, std::string& out) const {
  const Link& l = links_[obj];
  switch (l.via) {
    case Via::kNone: return absl::StrAppend(&out, "<lock ", obj, ">");
    case Via::kGlobal:
      out.append(program_.global_names[l.from]);
      return;
    case Via::kLocal: {
      const ThreadRec& th = m.threads[l.from];
      std::string thread = interp_.ThreadName(m, static_cast<int>(l.from));
      thread.resize(std::min(thread.size(), thread.find(' ')));
      const Code& code = program_.codes[th.frames[l.a].code];
      return absl::StrAppend(&out, thread, ".", code.name, ".", code.local_names[l.b]);
    }
    case Via::kIndex:
      Append(m, l.from, out);
      return absl::StrAppend(&out, "[", l.a, "]");
    case Via::kKey: {
      const Value key = m.payload(l.from)[l.a];
      const Interner& interner = *interp_.runtime().interner;
      if (links_[l.from].via == Via::kDictOf && key.is_str()) {
        Append(m, links_[l.from].from, out);
        return absl::StrAppend(&out, ".", interner.StrOf(key));
      }
      Append(m, l.from, out);
      if (key.is_str()) return absl::StrAppend(&out, "['", interner.StrOf(key), "']");
      if (key.is_small_int()) return absl::StrAppend(&out, "[", key.small_int(), "]");
      out.append("[...]");
      return;
    }
    case Via::kAttr:
      Append(m, l.from, out);
      out.append(l.a == kLockAttr ? "._lock" : l.a == kCondAttr ? "._cond" : ".mutex");
      return;
    case Via::kDictOf:
      Append(m, l.from, out);
      out.append(".__dict__");
      return;
    case Via::kFree: {
      const Code& code = program_.codes[m.payload(l.from)[0].payload()];
      Append(m, l.from, out);
      return absl::StrAppend(&out, ".", code.local_names[code.free_slots[l.a]]);
    }
    case Via::kCell: return Append(m, l.from, out);
  }
}

std::vector<std::string> LockNames(const Interpreter& interp, const Machine& m,
                                   const std::vector<uint32_t>& locks) {
  std::vector<std::string> names;
  LockNamer(interp).Name(m, locks, names);
  return names;
}

std::vector<LockOrderGraph::Showing> LockOrderGraph::Showings(const Machine& m, int t) const {
  std::vector<Showing> out;
  ShowingsInto(m, t, out);
  return out;
}

void LockOrderGraph::ShowingsInto(const Machine& m, int t, std::vector<Showing>& out) const {
  out.clear();
  const ThreadRec& th = m.threads[t];
  const Pending& p = th.pending;
  if (th.finished || (p.kind != PendingKind::kLockAcquire && p.kind != PendingKind::kRLockAcquire))
    return;
  if (static_cast<AcquireMode>(p.mode) != AcquireMode::kBlocking) return;
  const uint32_t target = p.obj.payload();
  if (p.kind == PendingKind::kRLockAcquire && HeldBy(m, target, t)) return;
  held_.clear();
  for (uint32_t i = 0; i < m.objs.size(); ++i) {
    if (i != target && HeldBy(m, i, t)) held_.push_back(i);
  }
  if (held_.empty()) return;
  // Condition.wait's private waiter locks are not the program's.
  const std::vector<uint32_t> waiters = interp_.PrivateLocks(m);
  auto is_waiter = [&](uint32_t lock) {
    return std::find(waiters.begin(), waiters.end(), lock) != waiters.end();
  };
  if (is_waiter(target)) return;
  std::erase_if(held_, is_waiter);
  if (held_.empty()) return;
  held_.push_back(target);
  namer_.Name(m, held_, names_);
  for (size_t i = 0; i + 1 < names_.size(); ++i) {
    if (names_[i] != names_.back()) out.push_back({names_[i], names_.back()});
  }
}

void LockOrderGraph::Seen::AddThread(const std::string& name) {
  auto it = std::lower_bound(threads.begin(), threads.end(), name);
  if (it == threads.end() || *it != name) threads.insert(it, name);
}

bool LockOrderGraph::Seen::Before(SourceLoc at, const std::string& name) const {
  // By site, then thread name (the operation follows from the site).
  return std::make_tuple(at.line, at.column, std::cref(name)) <
         std::make_tuple(loc.line, loc.column, std::cref(thread_name));
}

bool LockOrderGraph::Seen::Add(const std::string& name, SourceLoc at) {
  const bool first = threads.empty();
  AddThread(name);
  return first || Before(at, name);
}

void LockOrderGraph::Seen::Add(const Seen& o) {
  for (const std::string& name : o.threads) AddThread(name);
  if (!Before(o.loc, o.thread_name)) return;
  op = o.op;
  loc = o.loc;
  thread = o.thread;
  thread_name = o.thread_name;
  schedule = o.schedule;
}

void LockOrderGraph::Observe(const Machine& m, int t, const std::function<Schedule()>& schedule) {
  // A thread about to release a Lock another thread holds: the lock is a signal.
  const ThreadRec& th = m.threads[t];
  if (!th.finished && th.pending.kind == PendingKind::kAlways &&
      static_cast<Access>(th.pending.mode) == Access::kRelease && th.pending.obj.is_obj()) {
    const uint32_t lock = th.pending.obj.payload();
    if (m.objs[lock].type == ObjType::kLock && LockOf(m.payload(lock)).locked &&
        LockOf(m.payload(lock)).holder != t) {
      held_.assign(1, lock);
      namer_.Name(m, held_, names_);
      signals_.insert(names_[0]);
    }
  }
  ShowingsInto(m, t, showings_);
  if (showings_.empty()) return;
  // Thread names are interned strings; the interner's lock is not taken on every step.
  const Value name = m.ThreadNameValue(t);
  auto [cached, fresh] = thread_names_.try_emplace(name.raw());
  if (fresh) cached->second = interp_.runtime().interner->StrOf(name);
  const std::string& thread = cached->second;
  const SourceLoc at = interp_.WaitLoc(m, t);
  for (const Showing& s : showings_) {
    Seen& seen = order_[s.holds][s.acquires];
    if (!seen.Add(thread, at)) continue;
    seen.op = interp_.DescribeWait(m, t).op;
    seen.loc = at;
    seen.thread = t;
    seen.thread_name = thread;
    seen.schedule = schedule ? schedule() : Schedule();
  }
}

void LockOrderGraph::Merge(const LockOrderGraph& other) {
  signals_.insert(other.signals_.begin(), other.signals_.end());
  for (const auto& [held, next] : other.order_) {
    for (const auto& [acquired, seen] : next) {
      auto [it, is_new] = order_[held].try_emplace(acquired, seen);
      if (!is_new) it->second.Add(seen);
    }
  }
}

nlohmann::json LockOrderGraph::Save() const {
  nlohmann::json orders = nlohmann::json::array();
  for (const auto& [held, next] : order_) {
    for (const auto& [acquired, seen] : next) {
      orders.push_back({held, acquired, seen.threads, seen.op, seen.loc.line, seen.loc.column,
                        seen.loc.file, seen.thread, seen.thread_name});
    }
  }
  nlohmann::json signals = nlohmann::json::array();
  for (const std::string& s : signals_) signals.push_back(s);
  return {{"orders", std::move(orders)}, {"signals", std::move(signals)}};
}

void LockOrderGraph::MergeSaved(const nlohmann::json& saved) {
  for (const nlohmann::json& s : saved.at("signals")) signals_.insert(s.get<std::string>());
  for (const nlohmann::json& o : saved.at("orders")) {
    Seen seen;
    seen.threads = o.at(2).get<std::vector<std::string>>();
    seen.op = o.at(3).get<std::string>();
    seen.loc = {o.at(4).get<int32_t>(), o.at(5).get<int32_t>(), o.at(6).get<int32_t>()};
    seen.thread = o.at(7).get<int32_t>();
    seen.thread_name = o.at(8).get<std::string>();
    auto [it, is_new] =
        order_[o.at(0).get<std::string>()].try_emplace(o.at(1).get<std::string>(), seen);
    if (!is_new) it->second.Add(seen);
  }
}

bool LockOrderGraph::Shows(const Machine& m, const LockOrderEdge& e) const {
  for (int t = 0; t < m.num_threads; ++t) {
    const SourceLoc at = interp_.WaitLoc(m, t);
    if (at.line != e.line || at.column != e.column || interp_.ThreadName(m, t) != e.thread)
      continue;
    for (const Showing& s : Showings(m, t)) {
      if (s.holds == e.holds && s.acquires == e.acquires) return true;
    }
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
  auto signal = [&](const std::string& name) { return signals_.contains(name); };
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  auto index = [&](const std::string& name) {
    return static_cast<size_t>(std::lower_bound(names.begin(), names.end(), name) - names.begin());
  };
  std::vector<std::vector<std::pair<size_t, const Seen*>>> out(names.size());
  for (const auto& [held, next] : order_) {
    if (signal(held)) continue;
    for (const auto& [acquired, seen] : next) {
      if (!signal(acquired)) out[index(held)].push_back({index(acquired), &seen});
    }
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
