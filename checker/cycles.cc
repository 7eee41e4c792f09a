#include "checker/cycles.h"

#include <algorithm>
#include <limits>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace lockcheck {
namespace {

using Edge = ComponentGraph::Edge;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Which steps a search may use: all, or all but one thread's, with or without timed ones,
// without the unfair wake-ups of threads whose PyMutex hand-off is due.
struct EdgeFilter {
  int excluded_thread = -1;
  bool allow_timed = true;
  ThreadMask hand_off_due = 0;
  bool Ok(const Edge& e) const {
    return e.thread != excluded_thread && (allow_timed || !e.timed) &&
           !(e.woke_unfairly != 0 && (hand_off_due & ThreadBit(e.woke_unfairly - 1)));
  }
};

// The threads woken without a PyMutex hand-off by `e`, and those that leave their parking by it.
ThreadMask WokeUnfairly(const Edge& e) {
  return e.woke_unfairly == 0 ? 0 : ThreadBit(e.woke_unfairly - 1);
}
ThreadMask LeavesParking(const Edge& e) { return e.parks ? 0 : ThreadBit(e.thread); }

// A set of states and the steps of the filter between them.
struct Subgraph {
  std::vector<char> member;  // per state of the component
  EdgeFilter filter;
};

class Analysis {
 public:
  Analysis(const ComponentGraph& g, Fairness fairness) : g_(g), fairness_(fairness) {
    size_t n = g.enabled.size();
    out_begin_.assign(n + 1, 0);
    for (const Edge& e : g.edges) ++out_begin_[e.src + 1];
    for (size_t i = 0; i < n; ++i) out_begin_[i + 1] += out_begin_[i];
    out_.resize(g.edges.size());
    std::vector<uint32_t> fill(out_begin_.begin(), out_begin_.end() - 1);
    for (uint32_t i = 0; i < g.edges.size(); ++i) out_[fill[g.edges[i].src]++] = i;
  }

  std::vector<FairCycle> Run() {
    ThreadMask steppers = 0;
    for (const Edge& e : g_.edges) steppers |= ThreadBit(e.thread);
    Search(EdgeFilter{});
    for (int t = 0; t < kMaxCycleThreads; ++t) {
      if (g_.live & steppers & ThreadBit(t)) Search(EdgeFilter{t, true});
    }
    return std::move(found_);
  }

 private:
  // All the fair components the fairness allows, with `base`'s steps.
  void Search(EdgeFilter base) {
    Subgraph all{std::vector<char>(g_.enabled.size(), 1), base};
    if (fairness_ == Fairness::kWeak) {
      // Cycles without a timed step need only be weakly fair; the others strongly.
      Subgraph untimed = all;
      untimed.filter.allow_timed = false;
      Refine(untimed, /*strong=*/false, /*require_timed=*/false);
      Refine(all, /*strong=*/true, /*require_timed=*/true);
    } else {
      Refine(all, /*strong=*/true, /*require_timed=*/false);
    }
  }

  void Refine(const Subgraph& sub, bool strong, bool require_timed) {
    mark_.resize(g_.enabled.size(), 0);
    for (const std::vector<uint32_t>& scc : Sccs(sub)) {
      ThreadMask moving = 0, en_any = 0, en_all = ~ThreadMask{0}, woken = 0, leaving = 0;
      bool has_edge = false, has_timed = false;
      // Most components of a big one are single states: mark, never allocate, per component.
      for (uint32_t v : scc) mark_[v] = 1;
      for (uint32_t v : scc) {
        en_any |= g_.enabled[v];
        en_all &= g_.enabled[v];
        for (uint32_t i = out_begin_[v]; i < out_begin_[v + 1]; ++i) {
          const Edge& e = g_.edges[out_[i]];
          if (!sub.filter.Ok(e) || !mark_[e.dst]) continue;
          has_edge = true;
          has_timed |= e.timed;
          moving |= ThreadBit(e.thread);
          woken |= WokeUnfairly(e);
          leaving |= LeavesParking(e);
        }
      }
      for (uint32_t v : scc) mark_[v] = 0;
      if (!has_edge) continue;
      auto component = [&] {
        Subgraph c{std::vector<char>(g_.enabled.size(), 0), sub.filter};
        for (uint32_t v : scc) c.member[v] = 1;
        return c;
      };
      if (ThreadMask due = woken & ~leaving; due != 0) {
        // These threads are woken here without the hand-off and never get the mutex: the
        // hand-off would come, so no cycle takes those wake-ups.
        Subgraph rest = component();
        rest.filter.hand_off_due |= due;
        Refine(rest, strong, require_timed);
        continue;
      }
      if (!strong) {
        // One thread enabled throughout and never stepping makes every cycle here unfair.
        if ((en_all & ~moving) == 0) Report(component(), require_timed);
        continue;
      }
      ThreadMask bad = en_any & ~moving;
      if (bad == 0) {
        if (!require_timed || has_timed) Report(component(), require_timed);
        continue;
      }
      // No fair cycle passes through a state where a `bad` thread is enabled.
      Subgraph rest{std::vector<char>(g_.enabled.size(), 0), sub.filter};
      for (uint32_t v : scc) rest.member[v] = (g_.enabled[v] & bad) == 0;
      Refine(rest, strong, require_timed);
    }
  }

  // Tarjan's algorithm, iterative, over the subgraph; each SCC's states in increasing order.
  std::vector<std::vector<uint32_t>> Sccs(const Subgraph& sub) const {
    size_t n = g_.enabled.size();
    std::vector<uint32_t> index(n, kNone), low(n, 0);
    std::vector<char> on_stack(n, 0);
    std::vector<uint32_t> stack;
    std::vector<std::pair<uint32_t, uint32_t>> calls;  // state, next out-edge
    std::vector<std::vector<uint32_t>> result;
    uint32_t counter = 0;
    auto visit = [&](uint32_t v) {
      index[v] = low[v] = counter++;
      stack.push_back(v);
      on_stack[v] = 1;
      calls.push_back({v, out_begin_[v]});
    };
    for (uint32_t root = 0; root < n; ++root) {
      if (!sub.member[root] || index[root] != kNone) continue;
      visit(root);
      while (!calls.empty()) {
        auto& [v, next] = calls.back();
        if (next < out_begin_[v + 1]) {
          const Edge& e = g_.edges[out_[next++]];
          if (!sub.filter.Ok(e) || !sub.member[e.dst]) continue;
          if (index[e.dst] == kNone) {
            visit(e.dst);
          } else if (on_stack[e.dst]) {
            low[v] = std::min(low[v], index[e.dst]);
          }
          continue;
        }
        uint32_t done = v;
        calls.pop_back();
        if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
        if (low[done] != index[done]) continue;
        std::vector<uint32_t> scc;
        uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          scc.push_back(w);
        } while (w != done);
        std::sort(scc.begin(), scc.end());
        result.push_back(std::move(scc));
      }
    }
    return result;
  }

  // Breadth-first from `from` over the subgraph's steps (all steps when `sub` is null):
  // the step that first reached each state (kNone for `from` and the unreached).
  struct Bfs {
    std::vector<uint32_t> via;
    std::vector<uint32_t> order;  // states in the order reached
  };
  Bfs Reach(uint32_t from, const Subgraph* sub) const {
    Bfs b;
    b.via.assign(g_.enabled.size(), kNone);
    std::vector<char> seen(g_.enabled.size(), 0);
    seen[from] = 1;
    b.order.push_back(from);
    for (size_t head = 0; head < b.order.size(); ++head) {
      uint32_t v = b.order[head];
      for (uint32_t i = out_begin_[v]; i < out_begin_[v + 1]; ++i) {
        const Edge& e = g_.edges[out_[i]];
        if (seen[e.dst]) continue;
        if (sub != nullptr && (!sub->filter.Ok(e) || !sub->member[e.dst])) continue;
        seen[e.dst] = 1;
        b.via[e.dst] = out_[i];
        b.order.push_back(e.dst);
      }
    }
    return b;
  }

  // Appends the steps from the BFS's start to `to`.
  void AppendPath(const Bfs& b, uint32_t to, std::vector<uint32_t>& path) const {
    size_t start = path.size();
    for (uint32_t v = to; b.via[v] != kNone; v = g_.edges[b.via[v]].src) path.push_back(b.via[v]);
    std::reverse(path.begin() + static_cast<std::ptrdiff_t>(start), path.end());
  }

  // What the cycle must pass through to witness fairness and the kind.
  struct Obligation {
    enum Kind { kStepOf, kTimedStep, kLeavesParking, kDisabled, kEnabled } kind;
    int thread;
    bool Met(const Edge& e) const {
      return (kind == kStepOf && e.thread == thread) || (kind == kTimedStep && e.timed) ||
             (kind == kLeavesParking && (LeavesParking(e) & ThreadBit(thread)));
    }
    bool Met(ThreadMask enabled) const {
      return (kind == kDisabled && !(enabled & ThreadBit(thread))) ||
             (kind == kEnabled && (enabled & ThreadBit(thread)));
    }
  };

  void Report(const Subgraph& comp, bool needs_timed) {
    ThreadMask moving = 0, en_any = 0, woken = 0;
    bool has_timed = false;
    for (uint32_t v = 0; v < comp.member.size(); ++v) {
      if (!comp.member[v]) continue;
      en_any |= g_.enabled[v];
      for (uint32_t i = out_begin_[v]; i < out_begin_[v + 1]; ++i) {
        const Edge& e = g_.edges[out_[i]];
        if (!comp.filter.Ok(e) || !comp.member[e.dst]) continue;
        moving |= ThreadBit(e.thread);
        has_timed |= e.timed;
        woken |= WokeUnfairly(e);
      }
    }
    // The cycle built below has exactly these thread sets: it takes a step of every thread
    // that moves here and visits a state where each other enabled live thread is enabled.
    FairCycle c;
    c.moving = moving;
    c.stuck = g_.live & ~en_any;
    c.starved = g_.live & en_any & ~moving;

    // The way in: from the component's first state, over any step.
    if (in_.order.empty()) in_ = Reach(0, nullptr);
    uint32_t entry = kNone;
    for (uint32_t v : in_.order) {
      if (comp.member[v]) {
        entry = v;
        break;
      }
    }
    AppendPath(in_, entry, c.entry_path);
    if (!reported_.insert(FindingKey(c, entry)).second) return;

    std::vector<Obligation> todo;
    for (int t = 0; t < kMaxCycleThreads; ++t) {
      ThreadMask bit = ThreadBit(t);
      if (moving & bit) {
        todo.push_back({Obligation::kStepOf, t});
        // A thread the cycle may wake without hand-off gets the mutex on it (Refine saw to it).
        if (woken & bit) todo.push_back({Obligation::kLeavesParking, t});
      } else if (en_any & bit) {
        todo.push_back({Obligation::kDisabled, t});  // weak fairness lets it wait
        if (g_.live & bit) todo.push_back({Obligation::kEnabled, t});  // shows it starving
      }
    }
    if (needs_timed && has_timed) todo.push_back({Obligation::kTimedStep, 0});

    // Greedily to the nearest unmet obligation, then back to the entry.
    uint32_t at = entry;
    auto meet_state = [&](uint32_t v) {
      std::erase_if(todo, [&](const Obligation& o) { return o.Met(g_.enabled[v]); });
    };
    meet_state(at);
    while (!todo.empty()) {
      Bfs b = Reach(at, &comp);
      std::vector<uint32_t> rank(g_.enabled.size(), kNone);
      for (uint32_t i = 0; i < b.order.size(); ++i) rank[b.order[i]] = i;
      // The cheapest target: a state, or a step whose source is reached earliest.
      std::tuple<uint32_t, uint32_t, uint32_t> best{kNone, kNone, kNone};  // rank, +1, edge
      for (const Obligation& o : todo) {
        for (uint32_t v : b.order) {
          if (o.Met(g_.enabled[v])) {
            best = std::min(best, std::make_tuple(rank[v], 0u, kNone));
            break;
          }
        }
        for (uint32_t i = 0; i < g_.edges.size(); ++i) {
          const Edge& e = g_.edges[i];
          if (!o.Met(e) || rank[e.src] == kNone || !comp.filter.Ok(e) || !comp.member[e.dst])
            continue;
          best = std::min(best, std::make_tuple(rank[e.src], 1u, i));
        }
      }
      size_t from = c.cycle.size();
      uint32_t target = b.order[std::get<0>(best)];
      AppendPath(b, target, c.cycle);
      if (std::get<1>(best) == 1) c.cycle.push_back(std::get<2>(best));
      for (size_t i = from; i < c.cycle.size(); ++i) {
        const Edge& e = g_.edges[c.cycle[i]];
        std::erase_if(todo, [&](const Obligation& o) { return o.Met(e); });
        meet_state(e.dst);
      }
      at = g_.edges[c.cycle.back()].dst;
    }
    if (at != entry || c.cycle.empty()) AppendPath(Reach(at, &comp), entry, c.cycle);
    found_.push_back(std::move(c));
  }

  // What names the finding a sub-component shows: its thread sets, and the places of its
  // stuck and starved threads, read in its state `entry` (they never step in it, so those
  // places are the same in all its states).
  std::vector<uint64_t> FindingKey(const FairCycle& c, uint32_t entry) {
    std::vector<uint64_t> key{c.stuck, c.starved, c.moving};
    if (!g_.places || (c.stuck | c.starved) == 0) return key;
    auto [it, added] = places_.try_emplace(entry);
    if (added) it->second = g_.places(c.entry_path);
    const std::vector<uint64_t>& points = it->second;
    for (int t = 0; t < kMaxCycleThreads; ++t) {
      if (!((c.stuck | c.starved) & ThreadBit(t))) continue;
      key.push_back(static_cast<size_t>(t) < points.size() ? points[t] : 0);
    }
    return key;
  }

  const ComponentGraph& g_;
  Fairness fairness_;
  std::vector<uint32_t> out_begin_;  // per state: its first entry in out_
  std::vector<uint32_t> out_;        // edge indices grouped by source, in input order
  std::vector<FairCycle> found_;
  absl::flat_hash_set<std::vector<uint64_t>> reported_;  // the FindingKey of each of found_
  Bfs in_;  // from node 0 over every step (the same for every sub-component): once, when needed
  absl::flat_hash_map<uint32_t, std::vector<uint64_t>> places_;  // g_.places of the entries asked about
  std::vector<char> mark_;  // scratch: the states of the component being looked at
};

}  // namespace

std::vector<FairCycle> FindFairCycles(const ComponentGraph& g, Fairness fairness) {
  if (g.enabled.empty() || g.edges.empty()) return {};
  return Analysis(g, fairness).Run();
}

}  // namespace lockcheck
