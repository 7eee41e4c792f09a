#include "checker/cycles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lockcheck {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

ThreadMask Threads(std::initializer_list<int> ts) {
  ThreadMask m = 0;
  for (int t : ts) m |= ThreadBit(t);
  return m;
}

// The lasso is a real path: from state 0 to the cycle's first state, and round the cycle back
// to it; the cycle is fair (weakly, or strongly when it has a timed step or `strong`); and a
// thread it wakes without a PyMutex hand-off gets the mutex on it.
void ExpectWellFormed(const ComponentGraph& g, const FairCycle& c, bool strong) {
  uint32_t at = 0;
  for (uint32_t e : c.entry_path) {
    ASSERT_EQ(g.edges[e].src, at);
    at = g.edges[e].dst;
  }
  const uint32_t entry = at;
  ASSERT_FALSE(c.cycle.empty());
  ThreadMask moving = 0, en_any = g.enabled[entry], en_all = g.enabled[entry];
  bool timed = false;
  ThreadMask woken = 0, leaving = 0;
  for (uint32_t e : c.cycle) {
    if (g.edges[e].woke_unfairly != 0) woken |= ThreadBit(g.edges[e].woke_unfairly - 1);
    if (!g.edges[e].parks) leaving |= ThreadBit(g.edges[e].thread);
    ASSERT_EQ(g.edges[e].src, at);
    at = g.edges[e].dst;
    moving |= ThreadBit(g.edges[e].thread);
    en_any |= g.enabled[at];
    en_all &= g.enabled[at];
    timed |= g.edges[e].timed;
  }
  EXPECT_EQ(at, entry) << "the cycle does not close";
  EXPECT_EQ(woken & ~leaving, 0u) << "a thread woken without hand-off never gets the mutex";
  EXPECT_EQ(moving, c.moving);
  EXPECT_EQ(c.stuck, g.live & ~en_any);
  EXPECT_EQ(c.starved, g.live & en_any & ~moving);
  if (strong || timed) {
    EXPECT_EQ(en_any & ~moving, 0u) << "not strongly fair";
  } else {
    EXPECT_EQ(en_all & ~moving, 0u) << "not weakly fair";
  }
}

std::vector<FairCycle> Check(const ComponentGraph& g, Fairness f) {
  std::vector<FairCycle> cycles = FindFairCycles(g, f);
  for (const FairCycle& c : cycles) ExpectWellFormed(g, c, f == Fairness::kStrong);
  return cycles;
}

// Thread 1 takes and releases a lock in a loop (state 0: free, state 1: held by 1); thread 2
// waits for it (enabled only while it is free); the main thread 0 is joining.
ComponentGraph Barging() {
  ComponentGraph g;
  g.enabled = {Threads({1, 2}), Threads({1})};
  g.edges = {{0, 1, 1, false}, {1, 0, 1, false}};
  g.live = Threads({0, 1, 2});
  return g;
}

TEST(CyclesTest, AThreadEnabledNowAndThenButNeverRunStarvesUnderWeakFairness) {
  std::vector<FairCycle> cycles = Check(Barging(), Fairness::kWeak);
  ASSERT_THAT(cycles, SizeIs(1));
  EXPECT_EQ(cycles[0].starved, Threads({2}));
  EXPECT_EQ(cycles[0].stuck, Threads({0}));
  EXPECT_EQ(cycles[0].moving, Threads({1}));
  EXPECT_THAT(cycles[0].entry_path, IsEmpty());
  EXPECT_THAT(cycles[0].cycle, SizeIs(2));
}

TEST(CyclesTest, AWaiterWhoseHoldersTakeTurnsIsStuckOnTheCycleUnderEitherFairness) {
  // Readers 1 and 2 hand a room between them (state 0: 1 inside, 1: both, 2: 2 inside; the
  // room is never empty on this cycle); the writer 3 waits for it and is enabled nowhere. The
  // cycle is fair under both settings and leaves the writer `stuck`: whether it is deadlocked
  // or starving is not a property of the cycle but of its continuations, which lasso.cc asks
  // (lasso_test: AWriterWhoseReadersKeepTheRoomBusyInTurnStarves).
  ComponentGraph g;
  g.enabled = {Threads({1, 2}), Threads({1, 2}), Threads({1, 2})};
  g.edges = {{0, 1, 2, false}, {1, 2, 1, false}, {2, 1, 1, false}, {1, 0, 2, false}};
  g.live = Threads({1, 2, 3});
  for (Fairness f : {Fairness::kWeak, Fairness::kStrong}) {
    std::vector<FairCycle> cycles = Check(g, f);
    ASSERT_THAT(cycles, SizeIs(1));
    EXPECT_EQ(cycles[0].stuck, Threads({3}));
    EXPECT_EQ(cycles[0].starved, 0u);
    EXPECT_EQ(cycles[0].moving, Threads({1, 2}));
  }
}

TEST(CyclesTest, StrongFairnessRunsAThreadEnabledInfinitelyOften) {
  EXPECT_THAT(Check(Barging(), Fairness::kStrong), IsEmpty());
}

TEST(CyclesTest, AThreadEnabledThroughoutMustRunUnderWeakFairness) {
  // Thread 1 spins on a flag that thread 2, always able to run, would set.
  ComponentGraph g;
  g.enabled = {Threads({1, 2})};
  g.edges = {{0, 0, 1, false}};
  g.live = Threads({1, 2});
  EXPECT_THAT(Check(g, Fairness::kWeak), IsEmpty());
  EXPECT_THAT(Check(g, Fairness::kStrong), IsEmpty());
}

TEST(CyclesTest, ACycleWithATimeoutMustBeStronglyFairEvenUnderWeakFairness) {
  // As Barging, but thread 1's step from state 0 is a timed-out acquire: polling.
  ComponentGraph g = Barging();
  g.edges[0].timed = true;
  EXPECT_THAT(Check(g, Fairness::kWeak), IsEmpty());
  EXPECT_THAT(Check(g, Fairness::kStrong), IsEmpty());
}

// PyMutex barging: thread 1 unlocks (waking parked thread 2 without handing it the mutex) and
// locks again; thread 2 retries, finds the mutex taken, and parks again. States: 0 thread 1
// holds it, 2 parked; 1 free, 2 woken; 2 thread 1 holds it, 2 woken.
ComponentGraph PyMutexBarging() {
  ComponentGraph g;
  g.enabled = {Threads({1}), Threads({1, 2}), Threads({1, 2})};
  g.edges = {{0, 1, 1, false, false, 3},   // unlock: woke thread 2 without hand-off
             {1, 2, 1, false, false, 0},   // lock again (barging)
             {2, 0, 2, false, true, 0}};   // thread 2 retries: parked again
  g.live = Threads({0, 1, 2});
  return g;
}

TEST(CyclesTest, AParkedThreadWokenWithoutHandOffForeverIsOnNoCycle) {
  // Real time grows without bound along the cycle, so the parked thread's wait passes 1 ms and
  // an unlock hands it the mutex: the cycle is no execution, under either fairness.
  EXPECT_THAT(Check(PyMutexBarging(), Fairness::kWeak), IsEmpty());
  EXPECT_THAT(Check(PyMutexBarging(), Fairness::kStrong), IsEmpty());
}

TEST(CyclesTest, AThreadWokenWithoutHandOffThatGetsTheMutexByRetryingMayCycle) {
  // Two threads take turns: each unlock wakes the other, whose retry gets the mutex. No
  // hand-off is due (each wait ends), so the cycle is fair, and a finding if it never ends.
  ComponentGraph g;
  g.enabled = {Threads({1}), Threads({1, 2}), Threads({2}), Threads({1, 2})};
  g.edges = {{0, 1, 1, false, false, 3},   // 1 unlocks, waking 2
             {1, 2, 2, false, false, 0},   // 2's retry acquires
             {2, 3, 2, false, false, 2},   // 2 unlocks, waking 1
             {3, 0, 1, false, false, 0}};  // 1's retry acquires
  g.live = Threads({1, 2});
  std::vector<FairCycle> cycles = Check(g, Fairness::kWeak);
  ASSERT_THAT(cycles, SizeIs(1));
  EXPECT_EQ(cycles[0].moving, Threads({1, 2}));
  EXPECT_THAT(cycles[0].cycle, SizeIs(4));
}

TEST(CyclesTest, OnlyTheWakeUpsOfAThreadThatNeverGetsTheMutexAreRemoved) {
  // PyMutexBarging, plus a loop of thread 1 alone in state 0 (it spins holding the mutex): that
  // cycle wakes nobody and stays, with thread 2 parked on it (stuck).
  ComponentGraph g = PyMutexBarging();
  g.edges.push_back({0, 0, 1, false, false, 0});
  std::vector<FairCycle> cycles = Check(g, Fairness::kWeak);
  ASSERT_THAT(cycles, SizeIs(1));
  EXPECT_EQ(cycles[0].stuck, Threads({0, 2}));
  EXPECT_THAT(cycles[0].cycle, SizeIs(1));
}

TEST(CyclesTest, AThreadNeverEnabledOnTheCycleIsStuck) {
  // Threads 1 and 2 are deadlocked; daemon thread 3 spins.
  ComponentGraph g;
  g.enabled = {Threads({3}), Threads({3})};
  g.edges = {{0, 1, 3, false}, {1, 0, 3, false}};
  g.live = Threads({0, 1, 2});
  for (Fairness f : {Fairness::kWeak, Fairness::kStrong}) {
    std::vector<FairCycle> cycles = Check(g, f);
    ASSERT_THAT(cycles, SizeIs(1));
    EXPECT_EQ(cycles[0].stuck, Threads({0, 1, 2}));
    EXPECT_EQ(cycles[0].starved, 0u);
    EXPECT_EQ(cycles[0].moving, Threads({3}));
  }
}

TEST(CyclesTest, EveryLiveThreadMovingIsALivelockAndEachCanStillBeStarved) {
  // Threads 1 and 2 each take a turn from state 0 that the other cannot interrupt.
  ComponentGraph g;
  g.enabled = {Threads({1, 2}), Threads({1}), Threads({2})};
  g.edges = {{0, 1, 1, false}, {1, 0, 1, false}, {0, 2, 2, false}, {2, 0, 2, false}};
  g.live = Threads({1, 2});
  std::vector<FairCycle> cycles = Check(g, Fairness::kWeak);
  ASSERT_THAT(cycles, SizeIs(3));
  EXPECT_EQ(cycles[0].moving, Threads({1, 2}));  // the livelock, found first
  EXPECT_EQ(cycles[0].starved | cycles[0].stuck, 0u);
  EXPECT_EQ(cycles[1].starved, Threads({1}));  // thread 1's steps left out: 2 alone
  EXPECT_EQ(cycles[2].starved, Threads({2}));
  std::vector<FairCycle> strong = Check(g, Fairness::kStrong);
  ASSERT_THAT(strong, SizeIs(1));
  EXPECT_EQ(strong[0].moving, Threads({1, 2}));
}

TEST(CyclesTest, StrongFairnessRefinesTheComponentAndTheLassoLeadsIntoIt) {
  // Thread 2 is enabled only in state 0; thread 1 can also loop between states 1 and 2, where
  // thread 2 never can run: a strongly fair cycle that leaves thread 2 stuck.
  ComponentGraph g;
  g.enabled = {Threads({1, 2}), Threads({1}), Threads({1})};
  g.edges = {{0, 1, 1, false}, {1, 0, 1, false}, {1, 2, 1, false}, {2, 1, 1, false}};
  g.live = Threads({1, 2});
  std::vector<FairCycle> strong = Check(g, Fairness::kStrong);
  ASSERT_THAT(strong, SizeIs(1));
  EXPECT_EQ(strong[0].stuck, Threads({2}));
  EXPECT_THAT(strong[0].entry_path, SizeIs(1));  // state 0 is not on the cycle
  EXPECT_THAT(strong[0].cycle, SizeIs(2));
  // Weak fairness keeps the whole component: thread 2 is enabled in state 0 and starves.
  std::vector<FairCycle> weak = Check(g, Fairness::kWeak);
  ASSERT_THAT(weak, SizeIs(1));
  EXPECT_EQ(weak[0].starved, Threads({2}));
}

// The state `path` leads to from state 0.
uint32_t StateAfter(const ComponentGraph& g, const std::vector<uint32_t>& path) {
  uint32_t at = 0;
  for (uint32_t e : path) at = g.edges[e].dst;
  return at;
}

TEST(CyclesTest, AThreadStarvingAtTwoPlacesIsReportedAtEach) {
  // Thread 1 loops in states 0-1 and in states 2-3. Thread 2 is enabled in 0 and 2, where its
  // step takes it from place A (states 0 and 1) to place B (2 and 3) and back. Left out, it
  // starves in both loops: two findings with the same thread sets, told apart by its place.
  ComponentGraph g;
  g.enabled = {Threads({1, 2}), Threads({1}), Threads({1, 2}), Threads({1})};
  g.edges = {{0, 1, 1, false}, {1, 0, 1, false}, {2, 3, 1, false},
             {3, 2, 1, false}, {0, 2, 2, false}, {2, 0, 2, false}};
  g.live = Threads({1, 2});
  const uint64_t kA = 7, kB = 9;
  const std::vector<uint64_t> where[] = {{0, 5, kA}, {0, 6, kA}, {0, 5, kB}, {0, 6, kB}};
  // Without places, one finding per thread sets: the livelock and one starvation.
  ASSERT_THAT(Check(g, Fairness::kWeak), SizeIs(2));

  int asked = 0;
  g.places = [&](const std::vector<uint32_t>& path) {
    ++asked;
    return where[StateAfter(g, path)];
  };
  std::vector<FairCycle> cycles = Check(g, Fairness::kWeak);
  ASSERT_THAT(cycles, SizeIs(3));
  EXPECT_EQ(cycles[0].moving, Threads({1, 2}));  // the livelock
  std::vector<uint64_t> starving_at;
  for (size_t i = 1; i < cycles.size(); ++i) {
    EXPECT_EQ(cycles[i].starved, Threads({2}));
    EXPECT_EQ(cycles[i].moving, Threads({1}));
    starving_at.push_back(where[StateAfter(g, cycles[i].entry_path)][2]);
  }
  EXPECT_THAT(starving_at, ::testing::UnorderedElementsAre(kA, kB));
  // Asked once per sub-component with a starving thread, not per state nor for the livelock.
  EXPECT_EQ(asked, 2);
}

TEST(CyclesTest, NoStepNoCycle) {
  ComponentGraph g;
  g.enabled = {Threads({1})};
  g.live = Threads({1});
  EXPECT_THAT(FindFairCycles(g, Fairness::kWeak), IsEmpty());
}

}  // namespace
}  // namespace lockcheck
