// Fair cycles and lock-order warnings end to end: each test checks a small scenario and pins
// the kind found, the threads involved and the lasso, one rule per test (lasso.h, cycles.h,
// lock_order.h).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/schedule.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::WriteScenario;

ScenarioResult CheckWith(const std::string& name, const std::string& text,
                         std::vector<OptionSetting> settings = {}, bool strict = false) {
  CheckRequest request;
  request.path = WriteScenario(name, text);
  request.settings = std::move(settings);
  request.strict = strict;
  return CheckScenario(request);
}

std::vector<BugKind> Kinds(const ScenarioResult& r) {
  std::vector<BugKind> kinds;
  for (const Bug& b : r.bugs) kinds.push_back(b.kind);
  return kinds;
}

constexpr char kBarging[] = R"(
import threading
lock = threading.Lock()
done = False
def worker():
    while True:
        with lock:
            if done:
                return
def stopper():
    global done
    with lock:
        done = True
t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=stopper)
t1.start()
t2.start()
t1.join()
t2.join()
)";

TEST(LassoTest, AThreadEnabledNowAndThenThatNeverRunsStarves) {
  ScenarioResult r = CheckWith("barging", kBarging);
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kStarvation));
  const Bug& b = r.bugs[0];
  EXPECT_THAT(b.threads, ElementsAre("Thread-2 (stopper)"));
  EXPECT_EQ(b.location.line, 12);
  ASSERT_TRUE(b.loop_start.has_value());
  // The cycle is the worker's release, acquire and read, and nothing of the stopper.
  ASSERT_EQ(b.trace.size() - *b.loop_start, 3u);
  for (size_t i = *b.loop_start; i < b.trace.size(); ++i)
    EXPECT_EQ(b.trace[i].thread_name, "Thread-1 (worker)");
  EXPECT_THAT(b.replay, HasSubstr("."));
  // The main thread joins the starving worker: waiting for a live thread is not a deadlock.
  EXPECT_THAT(b.message, HasSubstr("Thread-2 (stopper) never gets to run lock.acquire()"));
}

TEST(LassoTest, StrongFairnessLetsTheBargedThreadIn) {
  EXPECT_THAT(CheckWith("barging_strong", kBarging, {{"fairness", "strong"}}).bugs, IsEmpty());
}

TEST(LassoTest, EveryLiveThreadMovingForeverIsALivelock) {
  ScenarioResult r = CheckWith("backoff", R"(
import threading
a = threading.Lock()
b = threading.Lock()
def worker(first, second):
    while True:
        first.acquire()
        if second.acquire(blocking=False):
            second.release()
            first.release()
            return
        first.release()
t1 = threading.Thread(target=worker, args=(a, b))
t2 = threading.Thread(target=worker, args=(b, a))
t1.start()
t2.start()
t1.join()
t2.join()
)");
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kLivelock));
  EXPECT_THAT(r.bugs[0].threads, ElementsAre("Thread-1 (worker)", "Thread-2 (worker)"));
  // A non-blocking try cannot wait forever: no lock-order warning either.
}

TEST(LassoTest, ThreadsNeverEnabledWhileADaemonRunsArePartiallyDeadlocked) {
  ScenarioResult r = CheckWith("partial", R"(
import threading
import time
a = threading.Lock()
b = threading.Lock()
def heartbeat():
    while True:
        time.sleep(0.1)
def worker(first, second):
    with first:
        with second:
            pass
threading.Thread(target=heartbeat, daemon=True).start()
t1 = threading.Thread(target=worker, args=(a, b))
t2 = threading.Thread(target=worker, args=(b, a))
t1.start()
t2.start()
t1.join()
t2.join()
)");
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kDeadlock, BugKind::kLockOrder));
  const Bug& d = r.bugs[0];
  ASSERT_TRUE(d.loop_start.has_value());
  EXPECT_THAT(d.message, HasSubstr("blocked forever while Thread-1 (heartbeat) keeps running"));
  EXPECT_THAT(d.wait_cycle, ElementsAre("Thread-2 (worker)", "Thread-3 (worker)"));
  ASSERT_EQ(d.wait_graph.size(), 3u);
  EXPECT_EQ(d.wait_graph[1].held_by, "Thread-3 (worker)");
}

TEST(LassoTest, AThreadWhoseLockHolderSpinsForeverIsDeadlocked) {
  // The setter waits for the lock the spinning main thread holds and never releases: no
  // continuation lets the setter go, so it is a partial deadlock, not a livelock.
  ScenarioResult r = CheckWith("spin_holding", R"(
import threading
lock = threading.Lock()
ready = False
def setter():
    global ready
    with lock:
        ready = True
lock.acquire()
t = threading.Thread(target=setter)
t.start()
while not ready:
    pass
lock.release()
t.join()
)");
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kDeadlock));
  EXPECT_THAT(r.bugs[0].threads, ElementsAre("Thread-1 (setter)"));
}

// The classification rule (DESIGN.md §4), one case per test: a waiter no continuation lets
// go is deadlocked, one some continuation would let go starves, and a livelock is left only
// when nobody waits.

using testing::CheckCorpus;

// The corpus's readers-writers lightswitch (The Little Book of Semaphores, 4.2.2): readers that
// keep overlapping hold the room for good between them; the writer is never able to take it on
// the cycle, yet a continuation where the readers' count drops to zero lets it in.
bool StarvesAt(const ScenarioResult& r, const std::string& what) {
  return std::any_of(r.bugs.begin(), r.bugs.end(), [&](const Bug& b) {
    return b.kind == BugKind::kStarvation && b.message.find(what) != std::string::npos;
  });
}

TEST(LassoTest, AWriterWhoseReadersKeepTheRoomBusyInTurnStarves) {
  // Under both fairness settings: strong fairness only helps a thread able to run now and
  // then, and the writer never is.
  for (const char* fairness : {"weak", "strong"}) {
    SCOPED_TRACE(fairness);
    ScenarioResult r = CheckCorpus("readers_writers_starvation.py", {{"fairness", fairness}});
    for (BugKind k : Kinds(r)) EXPECT_EQ(k, BugKind::kStarvation);
    EXPECT_TRUE(StarvesAt(r, "Thread-3 (writer) never gets to run room_empty.acquire() (line 33)"));
  }
}

TEST(LassoTest, AThreadWakingInsideASemaphoreOnlyToQueueAgainStarvesRatherThanMoves) {
  // threading.Semaphore's acquire is a routine that wakes on every release and queues again
  // when a reader took the unit first: those steps are the primitive's, not the writer's
  // progress, so it starves (it is not one of the threads of a livelock).
  for (const char* fairness : {"weak", "strong"}) {
    SCOPED_TRACE(fairness);
    ScenarioResult r = CheckCorpus("readers_writers_semaphore.py", {{"fairness", fairness}});
    EXPECT_THAT(Kinds(r), ::testing::Each(BugKind::kStarvation));
    EXPECT_TRUE(StarvesAt(r, "Thread-3 (writer) never gets to run room_empty.acquire() (line 31)"));
  }
}

TEST(LassoTest, AThreadOnAnEventNobodyWillSetWhileOthersLoopIsPartiallyDeadlocked) {
  ScenarioResult r = CheckWith("event_never_set_loop", R"(
import threading
ev = threading.Event()
lock = threading.Lock()
def waiter():
    ev.wait()
def spinner():
    while True:
        with lock:
            pass
threading.Thread(target=spinner, daemon=True).start()
w = threading.Thread(target=waiter)
w.start()
w.join()
)");
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kDeadlock));
  EXPECT_THAT(r.bugs[0].message, HasSubstr("blocked forever while Thread-1 (spinner) keeps running"));
  EXPECT_THAT(r.bugs[0].threads, ElementsAre("MainThread", "Thread-2 (waiter)"));
}

TEST(LassoTest, AThreadWhoseOnlyReleaserStarvesStarvesToo) {
  // The stopper starves on the barging worker's lock; the waiter needs the event only the
  // stopper sets. A continuation where the stopper gets in lets the waiter go, so both starve,
  // each named where it waits; nothing is deadlocked.
  ScenarioResult r = CheckWith("releaser_starves", R"(
import threading
lock = threading.Lock()
ev = threading.Event()
done = False
def worker():
    while True:
        with lock:
            if done:
                return
def stopper():
    global done
    with lock:
        done = True
    ev.set()
def waiter():
    ev.wait()
t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=stopper)
t3 = threading.Thread(target=waiter)
t1.start()
t2.start()
t3.start()
t1.join()
t2.join()
t3.join()
)");
  ASSERT_THAT(Kinds(r), ::testing::Each(BugKind::kStarvation));
  EXPECT_TRUE(StarvesAt(r, "Thread-2 (stopper) never gets to run lock.acquire() (line 13); "
                           "Thread-3 (waiter) never gets to run ev.wait() (line 17)"));
}

TEST(LassoTest, ACycleThroughATimeoutMustBeFairToEveryThreadThatCanMove) {
  // The poller can time out forever only if the setter never runs, which strong fairness
  // (applied to every timed cycle) rules out.
  EXPECT_THAT(CheckWith("poll", R"(
import threading
ready = threading.Event()
def worker():
    ready.set()
t = threading.Thread(target=worker)
t.start()
while not ready.wait(timeout=0.1):
    pass
t.join()
)").bugs, IsEmpty());
}

TEST(LassoTest, SpinningOnAFlagWhoseSetterCanAlwaysRunIsFine) {
  EXPECT_THAT(CheckWith("spin", R"(
import threading
ready = False
def setter():
    global ready
    ready = True
t = threading.Thread(target=setter)
t.start()
while not ready:
    pass
t.join()
)").bugs, IsEmpty());
}

TEST(LassoTest, ADaemonLoopingForeverIsDroppedWhenTheProgramEnds) {
  EXPECT_THAT(CheckWith("daemon", R"(
import threading
def spin():
    while True:
        pass
threading.Thread(target=spin, daemon=True).start()
)").bugs, IsEmpty());
}

TEST(LassoTest, CyclesOffFindsNoCycleBugs) {
  EXPECT_THAT(CheckWith("barging_off", kBarging, {{"cycles", "off"}}).bugs, IsEmpty());
}

// Thread sets are 64-bit masks: up to 64 threads (the main one included) the cycle check runs
// on every thread; a 65th start() is an input error naming the limit, never a thread aliased
// onto another's bit.
TEST(LassoTest, SixtyFourThreadsAreCheckedAndASixtyFifthIsAnInputError) {
  auto many = [](int n) {
    return absl::StrCat(R"(
import threading
def nothing():
    pass
for i in range()", n, R"():
    t = threading.Thread(target=nothing)
    t.start()
    t.join()
)");
  };
  // 60 finished threads, then the barging scenario's own: its starvation is still found.
  ScenarioResult r = CheckWith("sixty_threads", many(60) + &kBarging[1]);
  EXPECT_THAT(r.rendered_errors, IsEmpty());
  EXPECT_EQ(r.stats.limit, "");
  ASSERT_FALSE(r.bugs.empty());
  EXPECT_EQ(r.bugs[0].kind, CheckWith("barging_alone", kBarging).bugs[0].kind);
  r = CheckWith("sixty_four_threads", many(64));
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr(":7:5: error: too many threads: a scenario may start at most 63 "
                        "threads besides the main thread"));
}

TEST(LassoTest, ReplayChecksThatTheCycleClosesAndIsFair) {
  CheckRequest request;
  request.path = WriteScenario("barging_replay", kBarging);
  ScenarioResult checked = CheckScenario(request);
  ASSERT_EQ(checked.bugs.size(), 1u);
  std::string token = checked.bugs[0].replay;
  ScenarioResult replayed = ReplayScenario(request, token);
  ASSERT_EQ(replayed.bugs.size(), 1u);
  EXPECT_EQ(replayed.bugs[0].id, checked.bugs[0].id);
  EXPECT_EQ(replayed.bugs[0].loop_start, checked.bugs[0].loop_start);

  // One step short of a turn: not back where the cycle began.
  // (The token without its checksum, one step cut, signed again: a well-formed token.)
  ScenarioResult open =
      ReplayScenario(request, SignScheduleText(token.substr(0, token.size() - 7)));
  ASSERT_EQ(open.status, ScenarioStatus::kError);
  EXPECT_THAT(open.errors[0].message,
              HasSubstr("one turn of the cycle does not lead back to the state where it began"));

  // The same cycle under strong fairness leaves out a thread that could run.
  request.settings = {{"fairness", "strong"}};
  ScenarioResult unfair = ReplayScenario(request, token);
  ASSERT_EQ(unfair.status, ScenarioStatus::kError);
  EXPECT_THAT(unfair.errors[0].message,
              HasSubstr("the cycle is not fair: Thread-2 (stopper) can run on it but never does"));
}

constexpr char kLatent[] = R"(
import threading
a = threading.Lock()
b = threading.Lock()
def first():
    with a:
        with b:
            pass
def second():
    with b:
        with a:
            pass
t1 = threading.Thread(target=first)
t1.start()
t1.join()
t2 = threading.Thread(target=second)
t2.start()
t2.join()
)";

TEST(LockOrderTest, OppositeOrdersInTwoThreadsWarnEvenWithoutADeadlock) {
  ScenarioResult r = CheckWith("latent", kLatent);
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kLockOrder));
  const Bug& w = r.bugs[0];
  EXPECT_EQ(w.severity, Severity::kWarning);
  ASSERT_EQ(w.lock_order.size(), 2u);
  EXPECT_EQ(w.lock_order[0].thread, "Thread-1 (first)");
  EXPECT_EQ(w.lock_order[0].holds, "a");
  EXPECT_EQ(w.lock_order[0].acquires, "b");
  EXPECT_EQ(w.lock_order[0].line, 7);
  EXPECT_EQ(w.lock_order[1].thread, "Thread-2 (second)");
  EXPECT_EQ(w.lock_order[1].holds, "b");
  EXPECT_EQ(w.lock_order[1].acquires, "a");
  EXPECT_EQ(w.lock_order[1].line, 11);
  // A warning does not fail the scenario, unless --strict.
  EXPECT_EQ(r.status, ScenarioStatus::kPass);
  EXPECT_TRUE(r.matched_expectation);
  ScenarioResult strict = CheckWith("latent_strict", kLatent, {}, /*strict=*/true);
  EXPECT_EQ(strict.status, ScenarioStatus::kFail);
  EXPECT_FALSE(strict.matched_expectation);
}

TEST(LockOrderTest, OneThreadAloneOrTryLocksOrReentryAreNoCycle) {
  EXPECT_THAT(CheckWith("order_ok", R"(
import threading
a = threading.Lock()
b = threading.Lock()
r = threading.RLock()
c = threading.Condition(a)
def one():
    with a:
        with b:
            pass
    with r:
        with r:
            pass
def two():
    with b:
        if a.acquire(blocking=False):
            a.release()
        if a.acquire(timeout=0.1):
            a.release()
    with c:
        c.wait(timeout=0.1)
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
)").bugs, IsEmpty());
}

TEST(LockOrderTest, ALockReleasedByAnotherThreadIsASignalNotAnOrder) {
  // The lightswitch: the room is taken by the first reader in and released by the last one
  // out, so "holds room_empty, then takes mutex" is no order (without the rule: a cycle
  // room_empty -> mutex -> room_empty).
  ScenarioResult handoff = CheckCorpus("readers_writers_starvation.py", {}, /*strict=*/true);
  for (const Bug& b : handoff.bugs) EXPECT_NE(b.kind, BugKind::kLockOrder) << b.message;
  // The same shape where each thread releases the room it took: a held lock, a real cycle.
  ScenarioResult held = CheckWith("handoff_inversion", R"(
import threading
mutex = threading.Lock()
room = threading.Lock()
def reader():
    with mutex:
        room.acquire()
    with mutex:
        room.release()
r1 = threading.Thread(target=reader)
r1.start()
r1.join()
r2 = threading.Thread(target=reader)
r2.start()
r2.join()
)");
  ASSERT_THAT(Kinds(held), ElementsAre(BugKind::kLockOrder));
  EXPECT_THAT(held.bugs[0].message, HasSubstr("mutex then room"));
  EXPECT_THAT(held.bugs[0].message, HasSubstr("room then mutex"));
}

TEST(LockOrderTest, LocksAreNamedByHowTheProgramReachesThem) {
  ScenarioResult r = CheckWith("named", R"(
import threading
forks = [threading.Lock() for _ in range(3)]
def phil(i):
    left = forks[i]
    right = forks[(i + 1) % 3]
    with left:
        with right:
            pass
threads = [threading.Thread(target=phil, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)");
  auto w = std::find_if(r.bugs.begin(), r.bugs.end(),
                        [](const Bug& b) { return b.kind == BugKind::kLockOrder; });
  ASSERT_NE(w, r.bugs.end());
  std::vector<std::string> orders;
  for (const LockOrderEdge& e : w->lock_order) orders.push_back(e.holds + "->" + e.acquires);
  EXPECT_THAT(orders, ElementsAre("forks[0]->forks[1]", "forks[1]->forks[2]", "forks[2]->forks[0]"));
}

// Only states where some thread stands inside a while loop (or a primitive's routine) go to
// Tarjan's algorithm: a program without such loops keeps no component bookkeeping, and a cycle
// entered after a loop-free stretch is still found.
TEST(LassoTest, OnlyStatesThatMayCycleAreTracked) {
  const std::string loop_free = R"(import threading
a = threading.Lock()
b = threading.Lock()
def worker():
    for _ in range(2):
        with a:
            with b:
                pass
threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)";
  CheckRequest request;
  request.path = WriteScenario("loop_free_tracking", loop_free);
  ScenarioResult on = CheckScenario(request);
  request.settings = {{"cycles", "off"}};
  ScenarioResult off = CheckScenario(request);
  EXPECT_EQ(on.stats.states, off.stats.states);
  EXPECT_EQ(on.stats.store_bytes, off.stats.store_bytes);

  ScenarioResult spin = testing::Check("late_spin", R"(import threading
lock = threading.Lock()
flag = False
def waiter():
    with lock:
        pass
    while not flag:
        pass
t = threading.Thread(target=waiter)
t.start()
with lock:
    flag = False
t.join()
)");
  std::vector<BugKind> kinds;
  for (const Bug& b : spin.bugs) kinds.push_back(b.kind);
  EXPECT_THAT(kinds, ::testing::Contains(BugKind::kLivelock));
}

// The parallel search (--jobs): many workers on two cores report what one reports, and stop
// when one of them meets an input error (a worker waiting for work must see the stop: it once
// could miss it and wait forever).
TEST(LassoTest, ManyWorkersReportWhatOneReports) {
  const std::string path = WriteScenario("jobs_dining", R"(import threading
forks = [threading.Lock() for _ in range(4)]
def phil(i):
    with forks[i]:
        with forks[(i + 1) % 4]:
            pass
threads = [threading.Thread(target=phil, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)");
  CheckRequest request;
  request.path = path;
  request.jobs = 1;
  ScenarioResult one = CheckScenario(request);
  ASSERT_FALSE(one.bugs.empty());
  for (int run = 0; run < 5; ++run) {
    request.jobs = 8;
    ScenarioResult many = CheckScenario(request);
    EXPECT_EQ(many.stats.search_order, "parallel depth-first");
    EXPECT_EQ(many.stats.states, one.stats.states);
    EXPECT_EQ(many.stats.transitions, one.stats.transitions);
    ASSERT_EQ(many.bugs.size(), one.bugs.size());
    for (size_t i = 0; i < one.bugs.size(); ++i) {
      EXPECT_EQ(many.bugs[i].id, one.bugs[i].id);
      EXPECT_EQ(many.bugs[i].replay, one.bugs[i].replay);
    }
  }

  // Wide levels before a lock-order showing: the shortest-path pass steps blocks of hundreds of
  // states on several workers, each asking whether a state shows the warning's order (with one
  // graph shared by the workers, its look-up scratch was a data race: ThreadSanitizer runs
  // this test).
  request.path = WriteScenario("jobs_wide_order", R"(import threading
a = threading.Lock()
b = threading.Lock()
noise = [0, 0, 0]
def busy(i):
    for _ in range(2):
        noise[i] += 1
def first():
    for _ in range(2):
        noise[0] += 0
    with a:
        with b:
            pass
def second():
    for _ in range(2):
        noise[1] += 0
    with b:
        with a:
            pass
threads = [threading.Thread(target=busy, args=(i,)) for i in range(3)]
threads += [threading.Thread(target=first), threading.Thread(target=second)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)");
  request.jobs = 1;
  const ScenarioResult wide = CheckScenario(request);
  ASSERT_EQ(wide.bugs.size(), 2u);  // the deadlock and the lock-order warning
  for (int run = 0; run < 2; ++run) {
    request.jobs = 8;
    ScenarioResult many = CheckScenario(request);
    ASSERT_EQ(many.bugs.size(), wide.bugs.size());
    for (size_t i = 0; i < wide.bugs.size(); ++i) {
      EXPECT_EQ(many.bugs[i].id, wide.bugs[i].id);
      EXPECT_EQ(many.bugs[i].replay, wide.bugs[i].replay);
    }
  }

  // Loops: every worker writes the graph down, one searches it for cycles (recorded_graph.h),
  // small programs included; the same lassos and paths as one worker's.
  constexpr char kInvertedSpin[] = R"(import threading
a = threading.Lock()
b = threading.Lock()
done = False
def spinner():
    while not done:
        with a:
            with b:
                pass
def stopper():
    global done
    with b:
        with a:
            done = True
t1 = threading.Thread(target=spinner)
t2 = threading.Thread(target=stopper)
t1.start()
t2.start()
t1.join()
t2.join()
)";
  for (const char* text : {kBarging, kInvertedSpin}) {
    request.path = WriteScenario("jobs_loops", text);
    request.jobs = 1;
    const ScenarioResult alone = CheckScenario(request);
    ASSERT_FALSE(alone.bugs.empty());
    ASSERT_EQ(alone.stats.search_order, "depth-first");
    for (int run = 0; run < 5; ++run) {
      request.jobs = 8;
      request.recording_min_states = 0;
      ScenarioResult many = CheckScenario(request);
      EXPECT_EQ(many.stats.search_order, "depth-first");
      EXPECT_EQ(many.stats.states, alone.stats.states);
      ASSERT_EQ(many.bugs.size(), alone.bugs.size());
      for (size_t i = 0; i < alone.bugs.size(); ++i) {
        EXPECT_EQ(many.bugs[i].id, alone.bugs[i].id);
        EXPECT_EQ(many.bugs[i].replay, alone.bugs[i].replay);
        EXPECT_EQ(many.bugs[i].loop_start, alone.bugs[i].loop_start);
      }
    }
  }
  request.recording_min_states = CheckRequest().recording_min_states;
  request.jobs = 8;

  // No loop: the search runs on every worker until one meets the input error.
  request.path = WriteScenario("jobs_input_error", R"(import threading
def build():
    x = list(range(10 ** 12))
threads = [threading.Thread(target=build) for _ in range(3)]
for t in threads:
    t.start()
)");
  for (int run = 0; run < 5; ++run) {
    ScenarioResult error = CheckScenario(request);
    EXPECT_EQ(error.status, ScenarioStatus::kError);
    ASSERT_EQ(error.rendered_errors.size(), 1u);
    EXPECT_THAT(error.rendered_errors[0], HasSubstr(":3:14: error: range too large"));
  }
}

}  // namespace
}  // namespace lockcheck
