// Condition and Event, end to end: CPython's waiter protocol (reference §1.2, §1.4) in every
// interleaving.
#include <string>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using testing::Check;
using ::testing::HasSubstr;

std::vector<std::string> Kinds(const ScenarioResult& r) {
  std::vector<std::string> out;
  for (const Bug& b : r.bugs) out.emplace_back(BugKindName(b.kind));
  return out;
}

TEST(ConditionTest, WhileLoopAroundWaitIsCorrect) {
  ScenarioResult r = Check("cv_while", R"(import threading
cond = threading.Condition()
items = []
def consumer():
    with cond:
        while not items:
            cond.wait()
        items.pop()
def producer():
    with cond:
        items.append(1)
        cond.notify()
c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
assert items == []
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
}

TEST(ConditionTest, NotifyBeforeWaitIsLost) {
  // The producer can notify before the consumer waits; without a predicate loop the consumer
  // then waits forever.
  ScenarioResult r = Check("cv_lost", R"(import threading
cond = threading.Condition()
def consumer():
    with cond:
        cond.wait()
def producer():
    with cond:
        cond.notify()
c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
)");
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("deadlock"));
}

TEST(ConditionTest, WaitWithoutTheLockIsUnlockNotHeld) {
  ScenarioResult r = Check("cv_unowned", R"(import threading
cond = threading.Condition()
cond.wait()
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kUnlockNotHeld);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: cannot wait on un-acquired lock (in MainThread)");
  r = Check("cv_unowned2", "import threading\nc = threading.Condition(threading.Lock())\n"
                           "c.notify()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: cannot notify on un-acquired lock (in MainThread)");
}

TEST(ConditionTest, RLockDepthIsRestoredAfterWait) {
  ScenarioResult r = Check("cv_depth", R"(import threading
lock = threading.RLock()
cond = threading.Condition(lock)
def notifier():
    with cond:
        cond.notify()
with cond:
    with cond:
        t = threading.Thread(target=notifier)
        t.start()
        got = cond.wait(timeout=1.0)
        assert lock._recursion_count() == 2
t.join()
assert not lock.locked()
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
}

TEST(ConditionTest, TimedWaitMayTimeOutAndWaitForReturnsThePredicate) {
  ScenarioResult r = Check("cv_timeout", R"(import threading
cond = threading.Condition()
state = [0]
def ready():
    return state[0] == 1
def setter():
    with cond:
        state[0] = 1
        cond.notify_all()
t = threading.Thread(target=setter)
t.start()
with cond:
    ok = cond.wait_for(ready, timeout=0.5)
t.join()
assert ok, "wait_for timed out"
)");
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("assertion"));
}

TEST(EventTest, SetThenClearStillWakesTheWaiters) {
  // gh-57711: a waiter woken by set() returns True even if clear() follows at once.
  ScenarioResult r = Check("ev_set_clear", R"(import threading
e = threading.Event()
res = []
started = threading.Event()
def w():
    res.append(e.wait())
t = threading.Thread(target=w)
t.start()
e.set()
e.clear()
t.join(timeout=1.0)
if not t.is_alive():
    assert res == [True]
)");
  // The waiter may arrive after clear() and wait forever: that deadlock is the only bug.
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("deadlock"));
}

TEST(EventTest, WaitAfterSetReturnsAtOnce) {
  ScenarioResult r = Check("ev_basic", R"(import threading
e = threading.Event()
def setter():
    e.set()
t = threading.Thread(target=setter)
t.start()
assert e.wait()
assert e.is_set()
assert not e.wait(0) or e.is_set()
t.join()
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
}

TEST(SemaphoreTest, NeverMoreHoldersThanUnits) {
  ScenarioResult r = Check("sem_units", R"(import threading
sem = threading.Semaphore(2)
inside = [0]
peak = [0]
lock = threading.Lock()
def worker():
    with sem:
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        with lock:
            inside[0] -= 1
ts = [threading.Thread(target=worker) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert peak[0] <= 2
assert sem.acquire(blocking=False)
assert sem.acquire(timeout=0.1)
assert not sem.acquire(False)
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
}

TEST(SemaphoreTest, BoundedOverReleaseIsUnlockNotHeld) {
  ScenarioResult r = Check("bsem", "import threading\nb = threading.BoundedSemaphore(1)\n"
                                   "b.acquire()\nb.release()\nb.release()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kUnlockNotHeld);
  EXPECT_EQ(r.bugs[0].message,
            "ValueError: Semaphore released too many times (in MainThread)");
}

TEST(SemaphoreTest, ArgumentErrors) {
  ScenarioResult r = Check("sem_args", "import threading\nthreading.Semaphore(-1)\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "ValueError: semaphore initial value must be >= 0 (in MainThread)");
  r = Check("sem_args2", "import threading\ns = threading.Semaphore()\n"
                         "s.acquire(False, timeout=1)\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "ValueError: can't specify timeout for non-blocking acquire (in MainThread)");
  r = Check("sem_args3", "import threading\ns = threading.Semaphore()\ns.release(0)\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "ValueError: n must be one or more (in MainThread)");
}

TEST(SemaphoreTest, TimedAcquireMayTimeOut) {
  ScenarioResult r = Check("sem_timeout", R"(import threading
s = threading.Semaphore(0)
def rel():
    s.release()
t = threading.Thread(target=rel)
t.start()
got = s.acquire(timeout=0.5)
t.join()
assert got, "timed out"
)");
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("assertion"));
}

TEST(BarrierTest, IndicesArePermutationAndTooFewPartiesDeadlock) {
  ScenarioResult r = Check("bar_ok", R"(import threading
b = threading.Barrier(3)
idx = []
lock = threading.Lock()
def w():
    i = b.wait()
    with lock:
        idx.append(i)
ts = [threading.Thread(target=w) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert sorted(idx) == [0, 1, 2], idx
assert b.n_waiting == 0 and not b.broken
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
  r = Check("bar_few", R"(import threading
b = threading.Barrier(3)
def w():
    b.wait()
ts = [threading.Thread(target=w) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
)");
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("deadlock"));
}

TEST(BarrierTest, ActionRunsOnceBeforeAnyoneLeaves) {
  ScenarioResult r = Check("bar_action", R"(import threading
ran = []
def act():
    ran.append(1)
b = threading.Barrier(2, action=act)
out = []
def w():
    b.wait()
    out.append(len(ran))
ts = [threading.Thread(target=w) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert out == [1, 1]
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
}

TEST(BarrierTest, AbortAndTimeoutBreakTheBarrier) {
  ScenarioResult r = Check("bar_abort", R"(import threading
b = threading.Barrier(2)
def w():
    b.wait()
t = threading.Thread(target=w)
t.start()
b.abort()
t.join()
assert b.broken
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
  EXPECT_EQ(r.bugs[0].message, "BrokenBarrierError in Thread-1 (w)");
  r = Check("bar_parties", "import threading\nthreading.Barrier(0)\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "ValueError: parties must be >= 1 (in MainThread)");
}

TEST(QueueTest, ProducerConsumerWithJoin) {
  ScenarioResult r = Check("queue_pc", R"(import threading
import queue
q = queue.Queue(maxsize=1)
got = []
def producer():
    for i in range(3):
        q.put(i)
def consumer():
    for i in range(3):
        got.append(q.get())
        q.task_done()
p = threading.Thread(target=producer)
c = threading.Thread(target=consumer)
p.start()
c.start()
q.join()
p.join()
c.join()
assert got == [0, 1, 2], got
assert q.empty() and not q.full() and q.qsize() == 0
)");
  EXPECT_EQ(r.status, ScenarioStatus::kPass) << (r.bugs.empty() ? "" : r.bugs[0].message);
}

TEST(QueueTest, ErrorsAndTimeouts) {
  ScenarioResult r = Check("queue_empty", "import queue\nq = queue.Queue()\nq.get_nowait()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "Empty in MainThread");
  r = Check("queue_full", "import queue\nq = queue.Queue(1)\nq.put(1)\nq.put(2, block=False)\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "Full in MainThread");
  r = Check("queue_task_done", "import queue\nq = queue.Queue()\nq.task_done()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
  EXPECT_EQ(r.bugs[0].message, "ValueError: task_done() called too many times (in MainThread)");
  r = Check("queue_negative", "import queue\nq = queue.Queue()\nq.put(1)\nq.get(timeout=-1)\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "ValueError: 'timeout' must be a non-negative number (in MainThread)");
  r = Check("queue_timeout", R"(import threading
import queue
q = queue.Queue()
def c():
    q.get(timeout=0.5)
t = threading.Thread(target=c)
t.start()
q.put(1)
t.join()
)");
  EXPECT_THAT(Kinds(r), ::testing::ElementsAre("exception"));
}

}  // namespace
}  // namespace lockcheck
