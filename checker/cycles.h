// Fair cycles: starvation, livelock and partial deadlock, found in the state graph.
//
// The search hands over one strongly connected component (SCC) of the state graph at a time,
// as Tarjan's algorithm completes it (Tarjan 1972). A program that never finishes runs, from
// some point on, around a cycle inside one SCC; the cycle matters only when it is *fair*:
//
// * weak fairness: every thread enabled in every state of the cycle takes a step on it;
// * strong fairness: every thread enabled in some state of the cycle takes a step on it.
//
// Time passes in a timeout or a sleep, so a cycle with a timed step must be strongly fair
// whatever the chosen fairness (DESIGN.md §4).
//
// A PyMutex hands itself off (primitives/pymutex.h): an unlock that wakes a parked thread that
// has waited over 1 ms since its PyMutex_Lock call began gives it the mutex. Time has no bound
// along an execution that never ends, so a thread that unlocks keep waking without hand-off,
// and that never leaves its parking (never gets the mutex), is on no real cycle. That is a
// Streett pair per thread over steps: woken without hand-off infinitely often implies leaving
// the parking infinitely often; the refinement removes the wake-ups of a thread that never
// leaves, as it removes the states of a thread that never steps.
//
// Finding fair cycles is the emptiness check of a Streett automaton (one pair per thread),
// done by the SCC-refinement algorithm of Emerson and Lei (1987), as in Lichtenstein and
// Pnueli (1985): in an SCC where some thread is enabled but never steps, remove the states
// where it is enabled, split what is left into SCCs again, and repeat. What survives is the
// union of all fair cycles; for weak fairness no refinement is needed (one thread enabled in
// every state and never stepping rules out every cycle of the SCC).
//
// Every fair cycle is a finding, since the program cannot end on it. What kind of finding
// depends on the *live* threads (unfinished and not daemon: the ones keeping the program up):
// those never enabled on the cycle (`stuck`), those enabled on it that never step (`starved`),
// and the ones that move; the checker names the kind (explorer.cc), since a thread stuck
// waiting for a thread that moves is not deadlocked. To find a starving thread even where a
// fairer cycle also exists, the search is repeated once per live thread with that thread's
// steps left out.
//
// Each finding comes with a lasso in the component: the path from the component's first state
// (node 0, where the search entered it) to the cycle, and a cycle through states and steps that
// witness its fairness and its kind.
//
// Which findings. The searches end in fair sub-components, often many with the same thread
// sets, and each one reported costs the checker a lasso replay, so one is kept per finding.
// A deadlock or starvation names its stuck or starving threads by where they wait, and a thread
// that never steps in a sub-component stands at one place in all of its states (only a thread's
// own steps move it). So the key is the thread sets plus the places of the stuck and starved
// threads (ComponentGraph::places, asked once per sub-component that has such threads): every
// place a thread can starve or be stuck at is reported, not just the one in the sub-component
// met first, which depended on where the search entered the component and on what the
// reduction kept. The lassos are bounded by the distinct keys, not by the component's size.
// A livelock is named by where its threads go round on the cycle, which the key does not pin:
// of several livelock sub-components with one key, the first met is shown.
#ifndef LOCKCHECK_CHECKER_CYCLES_H_
#define LOCKCHECK_CHECKER_CYCLES_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "checker/options.h"

namespace lockcheck {

// Thread sets as bit masks: the cycle check handles programs of up to 64 threads.
using ThreadMask = uint64_t;
inline constexpr int kMaxCycleThreads = 64;
// Threads from kMaxCycleThreads on have no bit (shifting by 64 or more is undefined, and on x86
// wrapped round to the main thread's bit); programs with that many skip the cycle check.
inline ThreadMask ThreadBit(int t) { return t < kMaxCycleThreads ? ThreadMask{1} << t : 0; }

// What a step did that the fairness of cycles reads (ComponentGraph::Edge has the same fields).
struct StepMarks {
  bool timed = false;
  bool parks = false;
  uint16_t woke_unfairly = 0;
};

struct ComponentGraph {
  struct Edge {
    uint32_t src;
    uint32_t dst;
    uint16_t thread;
    bool timed;  // a timeout or a sleep (a PyMutex hand-off counts as time passing)
    bool parks;  // the step leaves its thread parked on a PyMutex
    uint16_t woke_unfairly;  // 1 + the thread a PyMutex unlock woke without hand-off, or 0
  };
  std::vector<ThreadMask> enabled;  // per state: the threads that can take a step
  std::vector<Edge> edges;          // the steps between the component's states
  ThreadMask live = 0;              // unfinished non-daemon threads (the same in every state)
  // Where the threads stand in the state that `path` (edge indices) leads to from node 0: per
  // thread, a program point, equal exactly when the location a finding would name the thread
  // by is (threads past the end stand at 0). Asked once per fair sub-component with a stuck
  // or starved thread, not per state: the checker answers by replaying the path, and keeps
  // nothing per state. Unset: states are not told apart (one finding per thread sets).
  std::function<std::vector<uint64_t>(const std::vector<uint32_t>& path)> places;
};

struct FairCycle {
  std::vector<uint32_t> entry_path;  // edge indices from node 0 to the cycle's first state
  std::vector<uint32_t> cycle;       // edge indices from that state back to it (never empty)
  ThreadMask stuck = 0;    // live threads never enabled on the cycle
  ThreadMask starved = 0;  // live threads enabled on it that never step
  ThreadMask moving = 0;   // threads that step on it
};

// The fair cycles of one SCC, in a fixed order: one per distinct thread sets and places of the
// stuck and starved threads (see "Which findings" above), so every such place is shown.
std::vector<FairCycle> FindFairCycles(const ComponentGraph& g, Fairness fairness);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_CYCLES_H_
