#include "checker/distributed.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "checker/budget.h"
#include "checker/depth_first.h"
#include "checker/growth.h"
#include "checker/hashing.h"
#include "checker/lasso.h"
#include "checker/lock_order.h"
#include "checker/por.h"
#include "checker/recorded_graph.h"
#include "checker/state_list.h"
#include "checker/visited_set.h"
#include "nlohmann/json.hpp"

namespace lockcheck {

int OwnerOf(uint64_t fp, int size) {
  // Mixed first: the visited table indexes by the fingerprint's own bits, and a rank's share
  // of the states must not all fall in a few of its slots.
  return static_cast<int>(MulHigh(MixBits(fp ^ 0x9e3779b97f4a7c15ull), static_cast<uint64_t>(size)));
}

namespace {

using Json = nlohmann::json;

Json LocJson(SourceLoc l) { return {l.line, l.column, l.file}; }
SourceLoc LocOf(const Json& j) {
  return {j.at(0).get<int32_t>(), j.at(1).get<int32_t>(), j.at(2).get<int32_t>()};
}

// A bug a step or a state showed, as data (the search's bugs carry no path, no lasso, no
// lock order: those are the lock-order graph's).
Json BugJson(const BugOccurrence& b) {
  return {static_cast<int>(b.kind), b.key,     b.thread, b.exc_type,
          b.message,                LocJson(b.loc), b.handled};
}
Json BugsJson(const std::vector<BugOccurrence>& bugs) {
  Json j = Json::array();
  for (const BugOccurrence& b : bugs) j.push_back(BugJson(b));
  return j;
}
BugOccurrence BugOf(const Json& j) {
  BugOccurrence b;
  b.kind = static_cast<BugKind>(j.at(0).get<int>());
  b.key = j.at(1).get<std::string>();
  b.thread = j.at(2).get<int32_t>();
  b.exc_type = j.at(3).get<std::string>();
  b.message = j.at(4).get<std::string>();
  b.loc = LocOf(j.at(5));
  b.handled = j.at(6).get<bool>();
  return b;
}
std::vector<BugOccurrence> BugsOf(const Json& j) {
  std::vector<BugOccurrence> bugs;
  for (const Json& b : j) bugs.push_back(BugOf(b));
  return bugs;
}

Json EventJson(const VmEvent& e) {
  return {static_cast<int>(e.kind), e.thread, e.exc_type, e.message, LocJson(e.loc)};
}
VmEvent EventOf(const Json& j) {
  VmEvent e;
  e.kind = static_cast<VmEvent::Kind>(j.at(0).get<int>());
  e.thread = j.at(1).get<int32_t>();
  e.exc_type = j.at(2).get<std::string>();
  e.message = j.at(3).get<std::string>();
  e.loc = LocOf(j.at(4));
  return e;
}

std::string Encode(const Json& j) {
  std::vector<uint8_t> bytes = Json::to_cbor(j);
  return std::string(bytes.begin(), bytes.end());
}
Json Decode(const std::string& s) { return Json::from_cbor(s.begin(), s.end()); }

// Of two input errors, the one a one-process search keeps (DepthFirstWorker::InputError):
// the first in the source.
bool Earlier(const VmEvent& a, const VmEvent& b) {
  return std::make_pair(a.loc.line, a.loc.column) < std::make_pair(b.loc.line, b.loc.column);
}

// A batch of states for one rank. Successors of one state differ from each other in a few
// words (a thread's position, a lock's owner), so each state is sent as its difference from
// the state before it in the batch (the words XORed), and the difference without its zero
// words: per state its fingerprint, its length in words, whether it is a difference (the
// first of a batch, or one of another length, is not), then for each run of 64 words a mask
// of the words that are not zero, and those words. Whole words, so the batch stays aligned.
void AppendState(std::string& batch, PackedState& last, uint64_t fp, const uint64_t* words,
                 size_t n) {
  const bool diff = !batch.empty() && last.size() == n;
  const uint64_t head[3] = {fp, n, diff ? 1u : 0u};
  batch.append(reinterpret_cast<const char*>(head), sizeof head);
  uint64_t run[65];
  for (size_t first = 0; first < n; first += 64) {
    uint64_t mask = 0;
    size_t kept = 0;
    for (size_t i = first; i < std::min(n, first + 64); ++i) {
      const uint64_t w = diff ? words[i] ^ last[i] : words[i];
      if (w == 0) continue;
      mask |= uint64_t{1} << (i - first);
      run[1 + kept++] = w;
    }
    run[0] = mask;
    batch.append(reinterpret_cast<const char*>(run), (1 + kept) * sizeof(uint64_t));
  }
  last.assign(words, words + n);
}

// Reads the state at `p` (of a batch AppendState wrote) into `state`, which holds the state
// before it in the batch; returns its fingerprint and moves `p` past it.
uint64_t ReadState(const char*& p, PackedState& state) {
  uint64_t head[3];
  std::memcpy(head, p, sizeof head);
  p += sizeof head;
  const size_t n = head[1];
  if (head[2] == 0) state.assign(n, 0);
  for (size_t first = 0; first < n; first += 64) {
    uint64_t mask;
    std::memcpy(&mask, p, sizeof mask);
    p += sizeof mask;
    for (; mask != 0; mask &= mask - 1) {
      uint64_t w;
      std::memcpy(&w, p, sizeof w);
      p += sizeof w;
      state[first + static_cast<size_t>(__builtin_ctzll(mask))] ^= w;
    }
  }
  return head[0];
}

// A level's states, with their fingerprints.
struct Level : StateList {
  std::vector<uint64_t> fingerprints;
  void Clear() {
    StateList::Clear();
    fingerprints.clear();
  }
  void Add(uint64_t fp, const uint64_t* first, size_t n) {
    StateList::Add(first, n);
    fingerprints.push_back(fp);
  }
};

// A recorded transition whose target was held back (Rank::Route): its record and place.
struct HeldTarget {
  uint64_t place;
  uint32_t transition;
};

// Where a level's successors go: the next level's own states, the batches for the other
// ranks, the successors held back until the interners agree. One per search thread, merged
// into the rank's after the level.
struct Successors {
  explicit Successors(size_t ranks) : batches(ranks), last(ranks) {}
  void Clear() {
    next.Clear();
    held.Clear();
    for (std::string& b : batches) b.clear();
    sent.clear();
  }
  Level next;                             // the states of the next level stored here
  StateList held;                         // successors that may hold a provisional id
  std::vector<std::string> batches;       // by rank
  std::vector<PackedState> last;          // by rank: the state its batch ends with
  absl::flat_hash_set<uint64_t> sent;     // the fingerprints sent this level
  uint64_t states_sent = 0;
};

void Append(StateList& to, const StateList& from) {
  for (size_t i = 0; i < from.size(); ++i) to.Add(from.Data(i), from.Words(i));
}
void Append(Level& to, const Level& from) {
  for (size_t i = 0; i < from.size(); ++i)
    to.Add(from.fingerprints[i], from.Data(i), from.Words(i));
}

// One rank's search (see the file comment of distributed.h).
class Rank {
 public:
  Rank(const Interpreter& interp, const CheckOptions& options, const Reduction& reduction,
       Transport& transport, std::chrono::steady_clock::time_point start, bool recording)
      : interp_(interp),
        options_(options),
        reduction_(reduction),
        t_(transport),
        start_(start),
        recording_(recording),
        interner_(*interp.runtime().interner),
        visited_(options.jobs > 1, options.hash_seed),
        orders_(interp),
        budget_(options, start),
        out_(static_cast<size_t>(transport.size())) {
    for (int w = 0; w < std::max(1, options.jobs); ++w)
      workers_.push_back(std::make_unique<Worker>(*this));
  }

  SearchResult Run();
  // The search found a state that may lie on a cycle without writing the graph down: it must
  // run again, recording (every rank knows it from the same figures).
  bool record_again() const { return record_again_; }

 private:
  // One search thread of the rank: its own machine, scratch, successors and findings.
  struct Worker {
    explicit Worker(Rank& rank)
        : rank(rank),
          orders(rank.interp_),
          growth(rank.interp_, rank.options_.max_object_size),
          out(static_cast<size_t>(rank.t_.size())) {
      step.should_stop = rank.budget_.StopRequest();
    }
    void Expand(const PackedState& state, uint64_t fingerprint);
    // Stops this worker (and the others at their next state) for `why`.
    void Stop(std::string why) {
      stop = std::move(why);
      rank.stopping_.store(true, std::memory_order_relaxed);
    }

    Rank& rank;
    LockOrderGraph orders;
    GrowthWatch growth;
    BugTable bugs;
    Successors out;
    Machine work;
    PackScratch scratch;
    PackedState state, packed;
    StepOutput step;
    std::vector<Transition> transitions;
    std::vector<BugOccurrence> found;
    // A program with loops: the graph, written down for the fair-cycle search (recorded_graph.h),
    // and the transitions whose targets are learnt after the level (Route holds them back), in
    // the order of out.held.
    GraphLog log;
    std::vector<RecordedStep> recorded;
    std::vector<uint32_t> held_steps;
    std::vector<HeldTarget> held_targets;
    std::string stop;
    std::optional<VmEvent> input_error;
    bool may_cycle = false;
    uint64_t transitions_count = 0, reduced_states = 0, steps = 0;
  };

  // Expands the level's states on every worker, until one of them stops the search (stop_
  // says why), and merges what they found.
  void ExpandLevel();
  // Sends a successor to its owner (into `out`'s batches), or keeps it for after the
  // interner's agreement when it may hold a provisional id (returns true then).
  bool Route(Successors& out, uint64_t fp, const PackedState& words);
  // The end of a level: the ranks' control messages (level size, stop, input error, the
  // values interned); returns false when the search is over.
  bool Agree(size_t level_size);
  // Interns every rank's new values in one order; rewrites the successors held back.
  void Reintern(const std::vector<Json>& controls);
  void ExchangeLevel();
  // The fair-cycle search of a program with loops, on rank 0 over every rank's record of the
  // graph (the others send theirs); sets rank 0's bugs, depth and limit.
  void SearchCycles(SearchResult& r);
  SearchResult Finish();

  const Interpreter& interp_;
  const CheckOptions& options_;
  const Reduction& reduction_;
  Transport& t_;
  const std::chrono::steady_clock::time_point start_;
  const bool recording_;  // the graph is written down (a program with loops)
  bool record_again_ = false;
  Interner& interner_;
  SharedVisitedSet visited_;
  LockOrderGraph orders_;  // the workers', merged
  Budget budget_;
  BugTable bugs_;          // the workers', merged
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> stopping_{false};  // a worker stopped: the others stop too
  std::atomic<size_t> claimed_{0};     // the next of the level's states to expand

  Level level_;      // the level expanded
  Successors out_;   // the workers' successors, merged
  // Of out_.held, in its order: which worker's record holds the transition to it.
  std::vector<std::pair<size_t, HeldTarget>> held_targets_;
  std::vector<std::string> in_batches_;  // this level's, by rank
  Interner::Count mark_;  // the interner's agreed size
  int64_t depth_ = 0;     // the level's distance from the initial state

  Machine work_;
  PackScratch scratch_;
  PackedState state_, packed_;

  std::string stop_;  // why this rank stops ("" while it goes on)
  std::optional<VmEvent> input_error_;
  bool may_cycle_ = false;
  uint64_t transitions_count_ = 0, reduced_states_ = 0;
  uint64_t stored_ = 0;  // the states every rank has stored, as of the last agreement
  // The transport's counts before this search (it may serve several, one per scenario).
  const uint64_t messages_before_ = t_.messages_sent, bytes_before_ = t_.bytes_sent;
  int64_t max_depth_ = 0;
};

SearchResult Rank::Run() {
  // The interners must agree before the first state is packed (see the file comment).
  mark_ = interner_.Size();
  {
    Interner::Entries all = interner_.Since({});
    Json mine = {all.strings, all.pooled};
    const std::string encoded = Encode(mine);
    for (const std::string& other : AllGather(t_, encoded)) {
      if (other != encoded) {
        input_error_ = VmEvent{VmEvent::Kind::kInputError, 0, "",
                               "the ranks of the distributed search compiled the scenario "
                               "differently (their interned values differ): run every rank "
                               "with the same lockcheck, scenario and options",
                               {}};
        return Finish();
      }
    }
  }
  interp_.Init(work_);
  const uint64_t fp = Pack(work_, packed_, scratch_);
  if (OwnerOf(fp, t_.size()) == t_.rank() && visited_.Insert(fp))
    level_.Add(fp, packed_.data(), packed_.size());
  for (;;) {
    ExpandLevel();
    if (!Agree(level_.size())) break;
    ExchangeLevel();
    ++depth_;
  }
  return Finish();
}

void Rank::ExpandLevel() {
  out_.Clear();
  held_targets_.clear();
  claimed_.store(0);
  const auto work = [this](Worker& w) {
    w.out.Clear();
    // States in chunks, taken in turn: the workers' shares even out however long each takes.
    constexpr size_t kChunk = 16;
    for (;;) {
      const size_t first = claimed_.fetch_add(kChunk);
      if (first >= level_.size()) return;
      for (size_t i = first; i < std::min(first + kChunk, level_.size()); ++i) {
        if (stopping_.load(std::memory_order_relaxed)) return;
        level_.Get(i, w.state);
        w.Expand(w.state, level_.fingerprints[i]);
      }
    }
  };
  // A short level is not worth the threads' start.
  if (workers_.size() == 1 || level_.size() < 8 * workers_.size()) {
    work(*workers_[0]);
    for (size_t k = 1; k < workers_.size(); ++k) workers_[k]->out.Clear();
  } else {
    std::vector<std::thread> threads;
    for (size_t k = 1; k < workers_.size(); ++k) threads.emplace_back(work, std::ref(*workers_[k]));
    work(*workers_[0]);
    for (std::thread& t : threads) t.join();
  }
  // What the workers found, in the workers' order (the sets are the same in any order).
  for (size_t k = 0; k < workers_.size(); ++k) {
    const std::unique_ptr<Worker>& w = workers_[k];
    Append(out_.next, w->out.next);
    Append(out_.held, w->out.held);
    for (const HeldTarget& h : w->held_targets) held_targets_.emplace_back(k, h);
    w->held_targets.clear();
    for (size_t r = 0; r < out_.batches.size(); ++r) {
      if (w->out.batches[r].empty()) continue;
      out_.batches[r] += w->out.batches[r];
      out_.last[r] = w->out.last[r];  // what the next state sent to r differs from
    }
    out_.states_sent += w->out.states_sent;
    w->out.states_sent = 0;
    if (w->input_error && (!input_error_ || Earlier(*w->input_error, *input_error_)))
      input_error_ = w->input_error;
    w->input_error.reset();
    if (stop_.empty() && !w->stop.empty()) stop_ = w->stop;
    w->stop.clear();
  }
  if (out_.next.size() > 0) max_depth_ = depth_ + 1;
}

void Rank::Worker::Expand(const PackedState& state, uint64_t fingerprint) {
  const Interpreter& interp = rank.interp_;
  const CheckOptions& options = rank.options_;
  const bool recording = rank.recording_;
  Unpack(state, work);
  EnabledTransitions(interp, work, transitions);
  const ThreadMask enabled = recording ? ThreadsOf(transitions) : 0;
  if (options.reduction && rank.reduction_.Reduce(work, transitions)) ++reduced_states;
  transitions_count += transitions.size();
  const bool state_may_cycle = options.cycles && rank.reduction_.MayCycle(work);
  may_cycle = may_cycle || state_may_cycle;
  found.clear();
  CheckDeadlock(interp, work, transitions, found);
  const bool state_bugs = !found.empty();
  if (recording && state_bugs) log.AddStateBugs(fingerprint, found);
  for (BugOccurrence& b : found) bugs.Add(std::move(b));
  recorded.clear();
  held_steps.clear();
  for (uint32_t k = 0; k < transitions.size(); ++k) {
    const Transition tr = transitions[k];
    Unpack(state, work);
    step.Clear();
    interp.Step(work, tr.thread, tr.choice, step);
    if (!step.abandoned.empty()) return Stop(step.abandoned);
    found.clear();
    std::optional<VmEvent> error;
    if (!ExamineEvents(step, found, error)) {
      error->thread = tr.thread;
      if (!input_error || Earlier(*error, *input_error)) input_error = std::move(error);
      return Stop("input-error");
    }
    const bool step_bugs = !found.empty();
    if (recording && step_bugs) log.AddStepBugs(fingerprint, k, found);
    for (BugOccurrence& b : found) bugs.Add(std::move(b));
    orders.Observe(work, tr.thread, nullptr);
    const uint64_t fp = Pack(work, packed, scratch);
    if (std::optional<VmEvent> grows =
            growth.Observe(work, tr.thread, rank.depth_ + 1, packed.size())) {
      input_error = std::move(grows);
      return Stop("input-error");
    }
    const bool held = rank.Route(out, fp, packed);
    if (recording) {
      recorded.push_back({held ? 0 : fp, tr, MarksOf(tr.choice == kChoiceTimeout, step), step_bugs});
      if (held) held_steps.push_back(k);
    }
    if ((++steps & 1023) == 0) {
      if (std::string limit = rank.budget_.Hit(); !limit.empty()) return Stop(limit);
    }
  }
  if (!recording) return;
  const uint64_t place = log.Add(fingerprint, enabled, state_may_cycle, state_bugs, 0, recorded);
  for (const uint32_t k : held_steps) held_targets.push_back({place, k});
}

bool Rank::Route(Successors& out, uint64_t fp, const PackedState& words) {
  // A successor packed after this level's first new interned value may hold its provisional
  // id: its fingerprint and owner are known only once the ranks agree on the ids (Reintern).
  if (out.held.size() > 0 || !(interner_.Size() == mark_)) {
    out.held.Add(words.data(), words.size());
    return true;
  }
  const int owner = OwnerOf(fp, t_.size());
  if (owner == t_.rank()) {
    // This rank's own: stored now, so a successor met twice is copied once.
    if (visited_.Insert(fp)) out.next.Add(fp, words.data(), words.size());
    return false;
  }
  // Another rank's: sent once per level, however often this level meets it.
  if (!out.sent.insert(fp).second) return false;
  ++out.states_sent;
  AppendState(out.batches[static_cast<size_t>(owner)], out.last[static_cast<size_t>(owner)],
              fp, words.data(), words.size());
  return false;
}

bool Rank::Agree(size_t level_size) {
  // The limits once a level too: a level of a few states takes fewer steps than the workers
  // poll at (a deep, narrow graph would otherwise run past its time limit).
  Budget::Reading reading;
  if (std::string limit = budget_.Hit(&reading); stop_.empty() && !limit.empty()) stop_ = limit;
  Interner::Entries fresh = interner_.Since(mark_);
  Json control = {{"level", level_size},
                  {"stop", stop_},
                  {"error", input_error_ ? EventJson(*input_error_) : Json()},
                  {"strings", fresh.strings},
                  {"pooled", fresh.pooled}};
  std::vector<Json> controls;
  for (const std::string& c : AllGather(t_, Encode(control))) controls.push_back(Decode(c));
  uint64_t total = 0;
  for (const Json& c : controls) {
    total += c.at("level").get<uint64_t>();
    if (!c.at("error").is_null()) {
      VmEvent e = EventOf(c.at("error"));
      if (!input_error_ || Earlier(e, *input_error_)) input_error_ = std::move(e);
    }
  }
  // The first rank's reason, so that every rank stops for the same one.
  for (const Json& c : controls) {
    const std::string why = c.at("stop").get<std::string>();
    if (!why.empty()) {
      stop_ = why;
      break;
    }
  }
  stored_ += total;
  if (options_.monitor != nullptr && t_.rank() == 0) {
    SearchProgress progress;
    progress.states = stored_;
    progress.depth = depth_;
    progress.seconds = reading.seconds;
    progress.rss_bytes = reading.rss;
    options_.monitor->Report(progress);
  }
  if (!stop_.empty() || total == 0) return false;
  Reintern(controls);
  return true;
}

void Rank::Reintern(const std::vector<Json>& controls) {
  std::vector<std::string> strings;
  std::vector<Interner::PooledBits> pooled;
  for (const Json& c : controls) {
    for (const Json& s : c.at("strings")) strings.push_back(s.get<std::string>());
    for (const Json& p : c.at("pooled")) pooled.push_back(p.get<Interner::PooledBits>());
  }
  if (strings.empty() && pooled.empty()) return;
  std::sort(strings.begin(), strings.end());
  strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
  std::sort(pooled.begin(), pooled.end());
  pooled.erase(std::unique(pooled.begin(), pooled.end()), pooled.end());
  // This rank's provisional ids, and the values they stand for.
  const Interner::Entries mine = interner_.Since(mark_);
  interner_.Truncate(mark_);
  for (const std::string& s : strings) interner_.Str(s);
  for (const Interner::PooledBits& p : pooled) interner_.Pooled(p);
  std::vector<Value> string_ids, pooled_ids;
  for (const std::string& s : mine.strings) string_ids.push_back(interner_.Str(s));
  for (const Interner::PooledBits& p : mine.pooled) pooled_ids.push_back(interner_.Pooled(p));
  // Nothing else holds an id given out in this level: the graph's cache of thread names goes.
  for (const std::unique_ptr<Worker>& w : workers_) w->orders.ForgetInterned();
  const Interner::Count mark = mark_;
  mark_ = interner_.Size();
  StateList held = std::move(out_.held);
  out_.held.Clear();
  for (size_t i = 0; i < held.size(); ++i) {
    held.Get(i, state_);
    Unpack(state_, work_);
    MapInterned(work_, [&](Value v) {
      if (v.tag() == Tag::kStr && v.payload() >= mark.strings)
        return string_ids[v.payload() - mark.strings];
      if (v.tag() == Tag::kPooled && v.payload() >= mark.pooled)
        return pooled_ids[v.payload() - mark.pooled];
      return v;
    });
    const uint64_t fp = Pack(work_, packed_, scratch_);
    Route(out_, fp, packed_);
    // The transition that led to it is written down with its target now known.
    if (recording_) {
      const auto& [worker, target] = held_targets_[i];
      workers_[worker]->log.SetTarget(target.place, target.transition, fp);
    }
  }
}

void Rank::ExchangeLevel() {
  t_.Exchange(out_.batches, in_batches_);
  for (const std::string& batch : in_batches_) {
    const char* p = batch.data();
    const char* end = p + batch.size();
    while (p < end) {
      const uint64_t fp = ReadState(p, packed_);
      if (visited_.Insert(fp)) {
        out_.next.Add(fp, packed_.data(), packed_.size());
        max_depth_ = depth_ + 1;
      }
    }
  }
  std::swap(level_, out_.next);
}

SearchResult Rank::Finish() {
  // The workers' findings and figures, then every rank's, to every rank (the figures) and
  // rank 0.
  uint64_t worker_bytes = 0;
  for (const std::unique_ptr<Worker>& w : workers_) {
    for (BugOccurrence& b : w->bugs.Take()) bugs_.Add(std::move(b));
    orders_.Merge(w->orders);
    transitions_count_ += w->transitions_count;
    reduced_states_ += w->reduced_states;
    may_cycle_ = may_cycle_ || w->may_cycle;
    worker_bytes += w->out.next.units.capacity() * 8 + w->out.held.units.capacity() * 8 +
                    w->log.bytes();
  }
  Json bugs = BugsJson(bugs_.Take());
  Json mine = {{"states", visited_.size()},
               {"transitions", transitions_count_},
               {"reduced", reduced_states_},
               {"depth", max_depth_},
               {"store", visited_.bytes() + level_.units.capacity() * 8 +
                             out_.next.units.capacity() * 8 + worker_bytes},
               {"sent", out_.states_sent},
               {"messages", t_.messages_sent - messages_before_},
               {"bytes", t_.bytes_sent - bytes_before_},
               {"may_cycle", may_cycle_},
               {"error", input_error_ ? EventJson(*input_error_) : Json()},
               {"bugs", std::move(bugs)},
               {"orders", t_.rank() == 0 ? Json() : orders_.Save()}};
  std::vector<Json> all;
  for (const std::string& s : AllGather(t_, Encode(mine))) all.push_back(Decode(s));
  SearchResult r;
  r.search_order = "distributed breadth-first";
  BugTable bugs_table;
  bool may_cycle = false;
  for (size_t k = 0; k < all.size(); ++k) {
    const Json& j = all[k];
    RankShare share;
    share.states = j.at("states").get<uint64_t>();
    share.states_sent = j.at("sent").get<uint64_t>();
    share.messages = j.at("messages").get<uint64_t>();
    share.bytes_sent = j.at("bytes").get<uint64_t>();
    r.ranks.push_back(share);
    r.states += share.states;
    r.transitions += j.at("transitions").get<uint64_t>();
    r.reduced_states += j.at("reduced").get<uint64_t>();
    r.max_depth = std::max(r.max_depth, j.at("depth").get<int64_t>());
    r.store_bytes = std::max(r.store_bytes, j.at("store").get<uint64_t>());
    may_cycle |= j.at("may_cycle").get<bool>();
    if (!j.at("error").is_null()) {
      VmEvent e = EventOf(j.at("error"));
      if (!r.input_error || Earlier(e, *r.input_error)) r.input_error = std::move(e);
    }
    if (t_.rank() != 0) continue;
    for (BugOccurrence& b : BugsOf(j.at("bugs"))) bugs_table.Add(std::move(b));
    if (k > 0) orders_.MergeSaved(j.at("orders"));
  }
  if (r.input_error) {
    // As a one-process search reports one: the states stored when it stopped, nothing else.
    const uint64_t states = r.states;
    std::optional<VmEvent> error = std::move(r.input_error);
    std::vector<RankShare> ranks = std::move(r.ranks);
    r = SearchResult();
    r.search_order = "distributed breadth-first";
    r.states = states;
    r.ranks = std::move(ranks);
    r.input_error = std::move(error);
    return r;
  }
  r.collision_odds = CollisionOddsOf(r.states);
  if (t_.rank() == 0) {
    for (BugOccurrence& w : orders_.Warnings()) bugs_table.Add(std::move(w));
    r.bugs = bugs_table.Take();
  }
  if (!stop_.empty()) {
    r.complete = false;
    r.limit = stop_;
  } else if (may_cycle && recording_) {
    SearchCycles(r);
  } else if (may_cycle) {
    record_again_ = true;
  }
  return r;
}

void Rank::SearchCycles(SearchResult& r) {
  // Every rank's record to rank 0: the bugs kept aside as data, then the records' words.
  GraphLog mine;
  for (const std::unique_ptr<Worker>& w : workers_) mine.Append(std::move(w->log));
  std::vector<std::string> out(static_cast<size_t>(t_.size())), in;
  if (t_.rank() != 0) {
    Json step_bugs = Json::array(), state_bugs = Json::array();
    for (const GraphLog::StepBugs& b : mine.step_bugs())
      step_bugs.push_back({b.fingerprint, b.transition, BugsJson(b.bugs)});
    for (const auto& [fingerprint, bugs] : mine.state_bugs())
      state_bugs.push_back({fingerprint, BugsJson(bugs)});
    const std::string head = Encode({step_bugs, state_bugs});
    const uint64_t length = head.size();
    std::string& message = out[0];
    message.append(reinterpret_cast<const char*>(&length), sizeof length);
    message += head;
    mine.SaveRecords(message);
    mine = GraphLog();
  }
  t_.Exchange(out, in);
  if (t_.rank() != 0) return;
  // Rank 0's threads, then the other ranks', in as many logs as the record's index takes.
  std::vector<GraphLog> logs(static_cast<size_t>(std::min(t_.size(), 32)));
  logs[0] = std::move(mine);
  for (size_t from = 1; from < in.size(); ++from) {
    GraphLog& log = logs[from % logs.size()];
    uint64_t length;
    std::memcpy(&length, in[from].data(), sizeof length);
    const Json head = Decode(in[from].substr(sizeof length, length));
    for (const Json& b : head.at(0))
      log.step_bugs().push_back({b.at(0).get<uint64_t>(), b.at(1).get<uint32_t>(), BugsOf(b.at(2))});
    for (const Json& b : head.at(1))
      log.state_bugs().emplace_back(b.at(0).get<uint64_t>(), BugsOf(b.at(1)));
    log.LoadRecords(std::string_view(in[from]).substr(sizeof length + length));
    in[from] = std::string();
  }
  // The search over the record, as one process searches it (the visited table goes first:
  // the record's index takes its place).
  visited_.Release();
  std::optional<RecordedSearch> replay = SearchRecorded(
      interp_, options_, reduction_, std::move(logs), std::max(1, options_.jobs), start_);
  if (!replay) {
    // Every state was expanded by its owner, so this does not happen; if it does, the report
    // says that the fair cycles were not looked for rather than claim them.
    r.complete = false;
    r.limit = "cycles-distributed";
    return;
  }
  BugTable bugs;
  for (BugOccurrence& b : replay->bugs) bugs.Add(std::move(b));
  for (BugOccurrence& w : orders_.Warnings()) bugs.Add(std::move(w));
  r.bugs = bugs.Take();
  r.max_depth = replay->max_depth;
  r.store_bytes = std::max(r.store_bytes, replay->bytes);
  if (!replay->limit.empty()) {
    r.complete = false;
    r.limit = replay->limit;
  } else if (replay->cycles_skipped) {
    // Over 64 threads: every other check ran, but fair cycles were not looked for.
    r.complete = false;
    r.limit = "cycle-threads";
  }
}

}  // namespace

SearchResult DistributedSearch(const Interpreter& interp, const CheckOptions& options,
                               const Reduction& reduction, Transport& transport,
                               std::chrono::steady_clock::time_point start) {
  // As one process does (Explorer::RunSearch): a program without `while` loops is searched
  // without writing the graph down; if a primitive's routine may still come back to a state,
  // it is searched again, recording.
  const bool loops = options.cycles && reduction.HasLoops();
  {
    Rank rank(interp, options, reduction, transport, start, loops);
    SearchResult r = rank.Run();
    if (!rank.record_again()) return r;
  }
  Rank again(interp, options, reduction, transport, start, true);
  return again.Run();
}

}  // namespace lockcheck
