#include "checker/recorded_graph.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include "checker/hashing.h"

namespace lockcheck {
namespace {

// A transition and its marks in one word: thread (7 bits: kMaxThreads is 64), the choice's
// kind (2 bits), the fairness marks (timed, parks: 2 bits; the unfairly woken thread + 1: 7
// bits), whether the step showed bugs (1 bit), and a draw's index above them. It fits in 32
// bits when the index is below 2^13.
constexpr int kDrawAt = 19;

uint64_t Encode(const RecordedStep& s) {
  const uint32_t bit = ChoiceBit(s.via.choice);
  const uint64_t kind = bit == kChoiceProceed ? 0 : bit == kChoiceTimeout ? 1 : 2;
  uint64_t w = uint64_t{s.via.thread} | kind << 7 | uint64_t{s.marks.timed} << 9 |
               uint64_t{s.marks.parks} << 10 | uint64_t{s.marks.woke_unfairly} << 11 |
               uint64_t{s.has_bugs} << 18;
  if (kind == 2) w |= uint64_t{DrawIndex(s.via.choice)} << kDrawAt;
  return w;
}

RecordedStep Decode(uint64_t w) {
  RecordedStep s;
  s.via.thread = static_cast<uint16_t>(w & 0x7F);
  const uint64_t kind = (w >> 7) & 3;
  s.via.choice = kind == 0   ? kChoiceProceed
                 : kind == 1 ? kChoiceTimeout
                             : DrawChoice(static_cast<uint32_t>(w >> kDrawAt));
  s.marks.timed = (w >> 9) & 1;
  s.marks.parks = (w >> 10) & 1;
  s.marks.woke_unfairly = static_cast<uint16_t>((w >> 11) & 0x7F);
  s.has_bugs = (w >> 18) & 1;
  return s;
}

// An index slot: the record's log (6 bits) and word (34 bits), under 23 bits of the
// fingerprint and a bit set; zero is an empty slot.
constexpr uint64_t kEmptySlot = 0;
constexpr int kPlaceBits = 40, kWordBits = 34;
constexpr uint64_t kPlaceMask = (uint64_t{1} << kPlaceBits) - 1;
// The fingerprint's low bits: its slot is chosen by its top ones.
inline uint64_t TagOf(uint64_t fingerprint) {
  return (fingerprint & ((uint64_t{1} << 23) - 1)) | uint64_t{1} << 23;
}

// Runs f(0) .. f(jobs - 1), each on a thread of its own (f(0) on this one).
template <typename F>
void RunOn(int jobs, F f) {
  std::vector<std::thread> threads;
  for (int w = 1; w < jobs; ++w) threads.emplace_back(f, w);
  f(0);
  for (std::thread& t : threads) t.join();
}

}  // namespace

uint64_t GraphLog::Reserve(size_t words) {
  if (blocks_.empty() || blocks_.back().used + words > blocks_.back().capacity) {
    // A record longer than a block (a draw of tens of thousands of outcomes) gets its own.
    Block b;
    b.capacity = std::max(words, kBlockWords);
    b.memory = ZeroedMemory(b.capacity * sizeof(uint64_t));
    blocks_.push_back(std::move(b));
  }
  Block& block = blocks_.back();
  const uint64_t place = (uint64_t{blocks_.size() - 1} << kBlockBits) | block.used;
  block.used += words;
  return place;
}

uint64_t GraphLog::Add(uint64_t fingerprint, ThreadMask enabled, bool may_cycle,
                   bool has_state_bugs, uint32_t first, const std::vector<RecordedStep>& steps) {
  bool narrow = true;
  for (const RecordedStep& s : steps) narrow &= Encode(s) <= 0xFFFFFFFF;
  const bool wide_enabled = may_cycle && (enabled >> 32) != 0;
  uint64_t header = steps.size();
  if (may_cycle) header |= RecordedGraph::kMayCycle | (enabled << RecordedGraph::kEnabledShift);
  if (wide_enabled) header |= RecordedGraph::kWideEnabled;
  if (has_state_bugs) header |= RecordedGraph::kStateBugs;
  if (first > 0) header |= RecordedGraph::kPart;
  if (narrow) header |= RecordedGraph::kNarrow;
  const size_t n = steps.size();
  const size_t words = 2 + (wide_enabled ? 1 : 0) + (first > 0 ? 1 : 0) + n + (narrow ? (n + 1) / 2 : n);
  const uint64_t place = Reserve(words);
  uint64_t* w = At(place);
  *w++ = fingerprint;
  *w++ = header;
  if (wide_enabled) *w++ = enabled;
  if (first > 0) *w++ = first;
  for (const RecordedStep& s : steps) *w++ = s.to;
  if (narrow) {
    for (size_t k = 0; k < n; k += 2) {
      uint64_t v = Encode(steps[k]);
      if (k + 1 < n) v |= Encode(steps[k + 1]) << 32;
      *w++ = v;
    }
  } else {
    for (const RecordedStep& s : steps) *w++ = Encode(s);
  }
  return place;
}

void GraphLog::AddStepBugs(uint64_t fingerprint, uint32_t transition,
                           std::vector<BugOccurrence> bugs) {
  step_bugs_.push_back({fingerprint, transition, std::move(bugs)});
}

void GraphLog::AddStateBugs(uint64_t fingerprint, std::vector<BugOccurrence> bugs) {
  state_bugs_.emplace_back(fingerprint, std::move(bugs));
}

uint64_t GraphLog::bytes() const {
  uint64_t b = blocks_.capacity() * sizeof(Block) +
               (step_bugs_.capacity() + state_bugs_.capacity()) * sizeof(StepBugs);
  for (const Block& block : blocks_) b += block.memory.bytes();
  return b;
}

void GraphLog::SetTarget(uint64_t place, uint32_t k, uint64_t fingerprint) {
  uint64_t* w = At(place);
  w[RecordedGraph::TargetsAfter(w[1]) + k] = fingerprint;
}

void GraphLog::Append(GraphLog other) {
  for (Block& b : other.blocks_) blocks_.push_back(std::move(b));
  for (StepBugs& b : other.step_bugs_) step_bugs_.push_back(std::move(b));
  for (auto& b : other.state_bugs_) state_bugs_.push_back(std::move(b));
}

// Per block: its length in words, then its words.
void GraphLog::SaveRecords(std::string& out) const {
  for (const Block& b : blocks_) {
    if (b.used == 0) continue;
    const uint64_t used = b.used;
    out.append(reinterpret_cast<const char*>(&used), sizeof used);
    out.append(reinterpret_cast<const char*>(b.words()), b.used * sizeof(uint64_t));
  }
}

void GraphLog::LoadRecords(std::string_view bytes) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    uint64_t used;
    std::memcpy(&used, p, sizeof used);
    p += sizeof used;
    Block b;
    b.capacity = b.used = used;
    b.memory = ZeroedMemory(used * sizeof(uint64_t));
    std::memcpy(b.words(), p, used * sizeof(uint64_t));
    p += used * sizeof(uint64_t);
    blocks_.push_back(std::move(b));
  }
}

RecordedGraph::RecordedGraph(std::vector<GraphLog> logs) : logs_(std::move(logs)) {}

template <typename F>
void RecordedGraph::ForEachRecord(size_t log, F f) const {
  const std::vector<GraphLog::Block>& blocks = logs_[log].blocks_;
  for (size_t b = 0; b < blocks.size(); ++b) {
    const uint64_t* const words = blocks[b].words();
    for (size_t at = 0; at < blocks[b].used;) {
      const uint64_t h = words[at + 1];
      const size_t count = h & kCountMask;
      const size_t targets = TargetsAfter(h);
      f((uint64_t{log} << kLogShift) | (uint64_t{b} << GraphLog::kBlockBits) | at, words[at]);
      at += targets + count + ((h & kNarrow) ? (count + 1) / 2 : count);
    }
  }
}

ThreadMask RecordedGraph::Enabled(Node n) const {
  const uint64_t h = Header(n);
  if (!(h & kMayCycle)) return 0;
  return (h & kWideEnabled) ? Word(n, 2) : h >> kEnabledShift;
}

RecordedStep RecordedGraph::Step(Node n, uint32_t k) const {
  const uint64_t h = Header(n);
  const size_t targets = TargetsAt(n);
  const size_t count = h & kCountMask;
  uint64_t w;
  if (h & kNarrow) {
    w = Word(n, targets + count + k / 2);
    w = (k % 2 == 0) ? (w & 0xFFFFFFFF) : (w >> 32);
  } else {
    w = Word(n, targets + count + k);
  }
  RecordedStep s = Decode(w);
  s.to = Word(n, targets + k);
  return s;
}

bool RecordedGraph::Visit(Node n) {
  uint64_t& h = WordRef(n, 1);
  if (h & kVisited) return false;
  h |= kVisited;
  return true;
}

// The index is cut into one part per thread that builds it (by the fingerprint's top
// bits), each probed round within itself, so the threads fill it side by side.
uint64_t RecordedGraph::Part(uint64_t fingerprint) const {
  return MulHigh(fingerprint, index_parts_);
}

uint64_t RecordedGraph::Slot(uint64_t fingerprint, uint64_t part_size) const {
  return MulHigh(fingerprint * index_parts_, part_size);
}

uint64_t* RecordedGraph::Probe(uint64_t fingerprint) const {
  const uint64_t tag = TagOf(fingerprint);
  const uint64_t p = Part(fingerprint);
  uint64_t* const part = slots_ + part_begin_[p];
  const uint64_t size = part_begin_[p + 1] - part_begin_[p];
  for (uint64_t s = Slot(fingerprint, size);; s = s + 1 == size ? 0 : s + 1) {
    const uint64_t v = part[s];
    if (v == kEmptySlot) return part + s;
    if (v >> kPlaceBits != tag) continue;
    if (Fingerprint(NodeOf(v)) == fingerprint) return part + s;
  }
}

uint64_t RecordedGraph::SlotOf(uint64_t fingerprint, Node n) {
  return TagOf(fingerprint) << kPlaceBits | (n >> kLogShift) << kWordBits |
         (n & ((uint64_t{1} << kLogShift) - 1));
}

RecordedGraph::Node RecordedGraph::NodeOf(uint64_t slot) {
  return (slot & kPlaceMask) >> kWordBits << kLogShift | (slot & ((uint64_t{1} << kWordBits) - 1));
}

RecordedGraph::Node RecordedGraph::Find(uint64_t fingerprint) const {
  const uint64_t* slot = Probe(fingerprint);
  return *slot == kEmptySlot ? kNone : NodeOf(*slot);
}

// Joins the parts of one state (the first is the one from transition 0) into one record,
// appended to the last log, and points the index at it.
void RecordedGraph::Join(const std::vector<Node>& parts) {
  std::vector<std::pair<uint32_t, Node>> order;
  for (Node p : parts) {
    const uint32_t first = (Header(p) & kPart) ? static_cast<uint32_t>(Word(p, TargetsAt(p) - 1)) : 0;
    order.emplace_back(first, p);
  }
  std::sort(order.begin(), order.end());
  std::vector<RecordedStep> steps;
  for (const auto& [first, p] : order) {
    for (uint32_t k = 0; k < Degree(p); ++k) steps.push_back(Step(p, k));
    WordRef(p, 1) |= kJoined;
  }
  const Node head = order[0].second;
  const Node joined = (uint64_t{logs_.size() - 1} << kLogShift) |
                     logs_.back().Add(Fingerprint(head), Enabled(head), MayCycle(head),
                                      (Header(head) & kStateBugs) != 0, 0, steps);
  const uint64_t fingerprint = Fingerprint(head);
  *Probe(fingerprint) = SlotOf(fingerprint, joined);
}

bool RecordedGraph::Index(int jobs) {
  // Each part at most 8/9 full (a probe reads a few words on, and rarely a record), and never
  // full: its records are counted first.
  index_parts_ = static_cast<uint64_t>(jobs);
  const size_t n_logs = logs_.size();
  std::vector<std::vector<uint64_t>> counts(jobs, std::vector<uint64_t>(index_parts_));
  RunOn(jobs, [&](int w) {
    for (size_t l = static_cast<size_t>(w); l < n_logs; l += static_cast<size_t>(jobs))
      ForEachRecord(l, [&](Node, uint64_t fingerprint) { ++counts[w][Part(fingerprint)]; });
  });
  part_begin_.assign(index_parts_ + 1, 0);
  for (uint64_t p = 0; p < index_parts_; ++p) {
    uint64_t n = 0;
    for (const std::vector<uint64_t>& c : counts) n += c[p];
    part_begin_[p + 1] = part_begin_[p] + n + n / 8 + 1;
  }
  index_ = ZeroedMemory(part_begin_.back() * sizeof(uint64_t));
  slots_ = reinterpret_cast<uint64_t*>(index_.get());
  logs_.emplace_back();  // where joined records go
  // Each thread scans every record and enters those of its part; the parts of a state split
  // between workers are joined after.
  std::vector<std::vector<std::pair<uint64_t, Node>>> doubles(index_parts_);
  auto enter = [&](uint64_t part) {
    for (size_t l = 0; l < n_logs; ++l) {
      ForEachRecord(l, [&](Node n, uint64_t fingerprint) {
        if (Part(fingerprint) != part) return;
        uint64_t* slot = Probe(fingerprint);
        if (*slot == kEmptySlot) {
          *slot = SlotOf(fingerprint, n);
        } else {
          doubles[part].emplace_back(fingerprint, n);
        }
      });
    }
  };
  RunOn(jobs, [&](int w) { enter(static_cast<uint64_t>(w)); });
  absl::flat_hash_map<uint64_t, std::vector<Node>> parts;
  for (const auto& d : doubles) {
    for (const auto& [fingerprint, n] : d) {
      std::vector<Node>& p = parts[fingerprint];
      if (p.empty()) p.push_back(Find(fingerprint));
      p.push_back(n);
    }
  }
  for (const auto& [fingerprint, p] : parts) Join(p);
  // Targets become records, each log on one thread (the index is only read).
  std::vector<char> complete(logs_.size(), 1);
  RunOn(jobs, [&](int w) {
    for (size_t l = static_cast<size_t>(w); l < logs_.size(); l += static_cast<size_t>(jobs)) {
      ForEachRecord(l, [&](Node n, uint64_t) {
        if (Header(n) & kJoined) return;
        const size_t at = TargetsAt(n);
        for (uint32_t k = 0; k < Degree(n); ++k) {
          const Node to = Find(Word(n, at + k));
          if (to == kNone) complete[l] = 0;
          WordRef(n, at + k) = to;
        }
      });
    }
  });
  for (GraphLog& log : logs_) {
    for (GraphLog::StepBugs& b : log.step_bugs_)
      step_bugs_[{b.fingerprint, b.transition}] = std::move(b.bugs);
    for (auto& [fingerprint, bugs] : log.state_bugs_) state_bugs_[fingerprint] = std::move(bugs);
    log.step_bugs_ = {};
    log.state_bugs_ = {};
  }
  return std::all_of(complete.begin(), complete.end(), [](char c) { return c != 0; });
}

const std::vector<BugOccurrence>* RecordedGraph::StepBugs(Node n, uint32_t k) const {
  auto it = step_bugs_.find(std::make_pair(Fingerprint(n), k));
  return it == step_bugs_.end() ? nullptr : &it->second;
}

const std::vector<BugOccurrence>* RecordedGraph::StateBugs(Node n) const {
  if (!(Header(n) & kStateBugs)) return nullptr;
  auto it = state_bugs_.find(Fingerprint(n));
  return it == state_bugs_.end() ? nullptr : &it->second;
}

uint64_t RecordedGraph::bytes() const {
  uint64_t b = index_.bytes();
  for (const GraphLog& log : logs_) b += log.bytes();
  return b;
}

}  // namespace lockcheck
