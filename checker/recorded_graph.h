// RecordedGraph: the reduced state graph as a parallel search writes it down, for the
// one-worker cycle search to run over afterwards.
//
// The cycle checks need one depth-first order (Tarjan's algorithm, and the lassos it hands
// on, follow the order states are met in), so a program with loops cannot simply be searched
// by several workers. But the reduced graph does not depend on any order (the reduction reads
// the state alone: por.h), and stepping the VM is nearly all of a search's time. So with
// --jobs > 1 the workers search the graph in parallel, as for a program without loops, and
// each writes down every state it expands: its fingerprint, the threads enabled in it, its
// reduced transitions in the order the search takes them and, per transition, the state it
// leads to and what the step did that fairness reads. Then one worker runs the one-worker
// search's own depth-first search, with Tarjan's algorithm and the fair-cycle checks, over
// the record instead of the VM: the same states met in the same order, so the same components,
// lassos and paths, byte for byte, and the report does not depend on --jobs.
//
// A worker that hands the rest of a state's transitions to another (work sharing) writes down
// the part it took; the other writes the rest, from the transition it started at; Index()
// joins the parts. The bugs a step or a state showed are rare and kept aside (by the step's
// state and transition, or by the state), to be met again in the replayed order.
//
// Layout (64-bit words, per worker, in blocks of 16 KiB): a record is [fingerprint][header:
// the number of transitions, flags, and the threads enabled when all are below 32] [enabled,
// when some thread from 32 up is] [first transition, for a later part], then one word per
// transition (the fingerprint it leads to; after Index(), the record of that state) and the
// transitions themselves, two to a word when they fit in 32 bits. A state costs 16 + 12 bytes
// per transition, and about 9 more in the index.
#ifndef LOCKCHECK_CHECKER_RECORDED_GRAPH_H_
#define LOCKCHECK_CHECKER_RECORDED_GRAPH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "checker/cycles.h"
#include "checker/explorer.h"
#include "checker/memory.h"

namespace lockcheck {

// One transition of a recorded state.
struct RecordedStep {
  uint64_t to;  // the fingerprint of the state it leads to (after Index(): its record)
  Transition via;
  StepMarks marks;
  bool has_bugs = false;  // the step showed bugs (RecordedGraph::StepBugs)
};

// One worker's record (see the file comment).
class GraphLog {
 public:
  // A state's transitions from `first` on (first > 0: a part after another worker's); returns
  // the record's place in this log.
  uint64_t Add(uint64_t fingerprint, ThreadMask enabled, bool may_cycle, bool has_state_bugs,
           uint32_t first, const std::vector<RecordedStep>& steps);
  void AddStepBugs(uint64_t fingerprint, uint32_t transition, std::vector<BugOccurrence> bugs);
  void AddStateBugs(uint64_t fingerprint, std::vector<BugOccurrence> bugs);
  uint64_t bytes() const;

  // Sets the target of transition k of the record at `place` (Add wrote a placeholder: the
  // distributed search learns some targets' fingerprints after the state is written down).
  void SetTarget(uint64_t place, uint32_t k, uint64_t fingerprint);
  // Takes `other`'s records and bugs after this log's (records are found by fingerprint, so
  // their places may move until Index()).
  void Append(GraphLog other);
  // The records as bytes, to be sent to another process, and back: LoadRecords appends the
  // records SaveRecords wrote to this log. The bugs kept aside are not in them.
  void SaveRecords(std::string& out) const;
  void LoadRecords(std::string_view bytes);

  // The bugs kept aside, by the state (and transition) that showed them.
  struct StepBugs {
    uint64_t fingerprint;
    uint32_t transition;
    std::vector<BugOccurrence> bugs;
  };
  std::vector<StepBugs>& step_bugs() { return step_bugs_; }
  std::vector<std::pair<uint64_t, std::vector<BugOccurrence>>>& state_bugs() {
    return state_bugs_;
  }

 private:
  friend class RecordedGraph;
  // Records never cross a block, so a record's place is its block and its word there.
  static constexpr int kBlockBits = 11;
  static constexpr size_t kBlockWords = size_t{1} << kBlockBits;
  // Room for a record of `words` words; returns its place.
  uint64_t Reserve(size_t words);
  struct Block {
    ZeroedMemory memory;
    size_t used = 0, capacity = 0;  // in words
    uint64_t* words() const { return reinterpret_cast<uint64_t*>(memory.get()); }
  };
  uint64_t* At(uint64_t place) const {
    return blocks_[place >> kBlockBits].words() + (place & (kBlockWords - 1));
  }
  std::vector<Block> blocks_;
  std::vector<StepBugs> step_bugs_;
  std::vector<std::pair<uint64_t, std::vector<BugOccurrence>>> state_bugs_;
};

class RecordedGraph {
 public:
  // A state: where its record starts (worker in the top bits, word below).
  using Node = uint64_t;

  // Takes the workers' records; Index() must run before any look-up.
  explicit RecordedGraph(std::vector<GraphLog> logs);
  // Builds the index (fingerprint -> record), joins the parts of states, and turns every
  // transition's target into its record, on `jobs` threads. Returns false when a target has
  // no record (the search that wrote it was cut short).
  bool Index(int jobs);

  // The record of the state with this fingerprint; kNone if it has none.
  Node Find(uint64_t fingerprint) const;
  uint64_t Fingerprint(Node n) const { return Word(n, 0); }
  ThreadMask Enabled(Node n) const;
  bool MayCycle(Node n) const { return (Header(n) & kMayCycle) != 0; }
  uint32_t Degree(Node n) const { return static_cast<uint32_t>(Header(n) & kCountMask); }
  RecordedStep Step(Node n, uint32_t k) const;
  // Marks the state met by the replayed search; false when it was met before.
  bool Visit(Node n);
  const std::vector<BugOccurrence>* StepBugs(Node n, uint32_t k) const;
  const std::vector<BugOccurrence>* StateBugs(Node n) const;
  uint64_t bytes() const;

  static constexpr Node kNone = ~uint64_t{0};

 private:
  friend class GraphLog;
  static constexpr uint64_t kCountMask = 0xFFFFFF;
  static constexpr uint64_t kMayCycle = uint64_t{1} << 24;
  static constexpr uint64_t kStateBugs = uint64_t{1} << 25;
  static constexpr uint64_t kPart = uint64_t{1} << 26;     // a later part: its first word follows
  static constexpr uint64_t kNarrow = uint64_t{1} << 27;   // transitions two to a word
  static constexpr uint64_t kVisited = uint64_t{1} << 28;  // met by the replayed search
  static constexpr uint64_t kJoined = uint64_t{1} << 29;   // a part, joined into another record
  static constexpr uint64_t kWideEnabled = uint64_t{1} << 30;  // the enabled threads follow
  static constexpr int kEnabledShift = 32;
  static constexpr int kLogShift = 56;

  uint64_t Word(Node n, size_t i) const {
    return logs_[n >> kLogShift].At(n & ((uint64_t{1} << kLogShift) - 1))[i];
  }
  uint64_t& WordRef(Node n, size_t i) const {
    return logs_[n >> kLogShift].At(n & ((uint64_t{1} << kLogShift) - 1))[i];
  }
  uint64_t Header(Node n) const { return Word(n, 1); }
  // Where a record's target words start (after its header and what the header says follows).
  static size_t TargetsAfter(uint64_t header) {
    return 2 + ((header & kWideEnabled) ? 1 : 0) + ((header & kPart) ? 1 : 0);
  }
  size_t TargetsAt(Node n) const { return TargetsAfter(Header(n)); }
  // f(record, its fingerprint) for every record of a log, in order.
  template <typename F>
  void ForEachRecord(size_t log, F f) const;
  void Join(const std::vector<Node>& parts);
  // The index: open addressing, one word a slot: the record's place and 24 bits of the
  // fingerprint, so that a probe reads a record only when they match. Probe returns the slot
  // of the fingerprint's record, or the empty slot where it would go.
  uint64_t Part(uint64_t fingerprint) const;
  uint64_t Slot(uint64_t fingerprint, uint64_t part_size) const;
  uint64_t* Probe(uint64_t fingerprint) const;
  // A slot's word for a record, and back.
  static uint64_t SlotOf(uint64_t fingerprint, Node n);
  static Node NodeOf(uint64_t slot);

  std::vector<GraphLog> logs_;
  ZeroedMemory index_;
  uint64_t* slots_ = nullptr;  // index_'s
  uint64_t index_parts_ = 1;
  std::vector<uint64_t> part_begin_;  // part p is slots_[part_begin_[p] .. part_begin_[p + 1])
  absl::flat_hash_map<std::pair<uint64_t, uint32_t>, std::vector<BugOccurrence>> step_bugs_;
  absl::flat_hash_map<uint64_t, std::vector<BugOccurrence>> state_bugs_;
};

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_RECORDED_GRAPH_H_
