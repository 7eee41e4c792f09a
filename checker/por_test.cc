// Partial-order reduction (por.h): each scenario is checked with and without it and must report
// the same bugs; where the reduction has room, it must store fewer states. These are the corners
// of the dependence relation; tools/reduction_test.py does the same over the whole corpus.
#include "checker/por.h"

#include <set>
#include <string>

#include "checker/testing.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

struct Both {
  ScenarioResult full, reduced;
};

Both CheckBoth(const std::string& path) {
  CheckRequest request;
  request.path = path;
  Both b;
  request.settings = {{"reduction", "off"}};
  b.full = CheckScenario(request);
  request.settings = {{"reduction", "on"}};
  b.reduced = CheckScenario(request);
  return b;
}

// The same for a scenario written out from `text`.
Both CheckBoth(const std::string& name, const std::string& text) {
  return CheckBoth(testing::WriteScenario(name, text));
}

// A corpus scenario.
Both CheckCorpus(const std::string& file) {
  return CheckBoth(std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus/" + file);
}

std::set<BugKind> Kinds(const ScenarioResult& r) {
  std::set<BugKind> kinds;
  for (const Bug& b : r.bugs) kinds.insert(b.kind);
  return kinds;
}

std::set<std::string> Ids(const ScenarioResult& r) {
  std::set<std::string> ids;
  for (const Bug& b : r.bugs) ids.insert(b.id);
  return ids;
}

void ExpectSameBugs(const Both& b) {
  EXPECT_EQ(b.full.status, b.reduced.status);
  EXPECT_EQ(Ids(b.full), Ids(b.reduced));
  EXPECT_TRUE(b.full.rendered_errors.empty());
  EXPECT_LE(b.reduced.stats.states, b.full.stats.states);
}

// No bug either way, some states reduced, and `factor` times fewer states stored.
void ExpectNoBugAndShrinks(const Both& b, uint64_t factor) {
  ExpectSameBugs(b);
  EXPECT_TRUE(b.reduced.bugs.empty());
  EXPECT_GT(b.reduced.stats.reduced_states, 0u);
  EXPECT_LT(b.reduced.stats.states * factor, b.full.stats.states);
}

// The same bugs both ways, and exactly one, of `kind`.
void ExpectOneBug(const Both& b, BugKind kind) {
  ExpectSameBugs(b);
  ASSERT_EQ(b.reduced.bugs.size(), 1u);
  EXPECT_EQ(b.reduced.bugs[0].kind, kind);
}

TEST(ReductionTest, DiningPhilosophersShrinkAndKeepTheDeadlock) {
  Both b = CheckCorpus("dining_4.py");
  ExpectSameBugs(b);
  ASSERT_EQ(b.full.bugs.size(), 2u);  // the deadlock and its lock-order warning
  EXPECT_LT(b.reduced.stats.states * 10, b.full.stats.states);
  EXPECT_GT(b.reduced.stats.reduced_states, 0u);
  EXPECT_EQ(b.full.stats.reduced_states, 0u);
}

TEST(ReductionTest, ReleaseOfAnotherThreadsLockIsNotIndependent) {
  // The thread may release the lock main holds; then main's own release fails (or, if main
  // releases first, the thread's does).
  Both b = CheckBoth("por_foreign_release", R"py(import threading
lock = threading.Lock()
def rogue():
    lock.release()
t = threading.Thread(target=rogue)
lock.acquire()
t.start()
lock.release()
t.join()
)py");
  ExpectSameBugs(b);
  EXPECT_EQ(b.full.bugs.size(), 2u);  // whichever release comes second fails
}

TEST(ReductionTest, ThreadEndSeenByIsAlive) {
  Both b = CheckBoth("por_is_alive", R"py(import threading
log = []
def work():
    log.append(1)
t = threading.Thread(target=work)
t.start()
assert t.is_alive()
t.join()
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, ProgramEndStopsDaemonThreads) {
  // The daemon fails only if it gets to run before the main thread ends the program.
  Both b = CheckBoth("por_daemon", R"py(import threading
log = []
def d():
    log.append(1)
    assert False
t = threading.Thread(target=d, daemon=True)
t.start()
log.append(2)
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, JoinBeforeStartRaces) {
  Both b = CheckBoth("por_join_before_start", R"py(import threading
def nothing():
    pass
t = threading.Thread(target=nothing)
def joiner():
    t.join()
j = threading.Thread(target=joiner)
j.start()
t.start()
j.join()
t.join()
)py");
  ExpectOneBug(b, BugKind::kException);
}

TEST(ReductionTest, CalleeKnownOnlyAtRunTime) {
  // The release is called through a local: its effects are not read off the code.
  Both b = CheckBoth("por_indirect_call", R"py(import threading
lock = threading.Lock()
items = []
def rogue():
    f = lock.release
    f()
def holder():
    with lock:
        items.append(1)
a = threading.Thread(target=rogue)
b = threading.Thread(target=holder)
a.start()
b.start()
a.join()
b.join()
)py");
  ExpectSameBugs(b);
  EXPECT_GE(b.reduced.bugs.size(), 1u);
}

// A global a `def` bound first and a bound method rebinds is an unknown callee too: its call
// appends, which the main thread's len() must see in both orders. (Taken for Python code, the
// call would touch nothing, and the read would be taken alone: the assertion lost.)
TEST(ReductionTest, AGlobalReboundFromADefIsAnUnknownCallee) {
  ExpectOneBug(CheckBoth("por_rebound_def", R"py(import threading
items = []
def act(x):
    pass
act = items.append
def rogue():
    act(1)
t = threading.Thread(target=rogue)
t.start()
n = len(items)
t.join()
assert n == 0
)py"), BugKind::kAssertion);
}

TEST(ReductionTest, AUserMethodNamedAsABuiltinOneIsAnUnknownCallee) {
  // put() is a Queue's method too; this one writes an attribute the other thread reads.
  Both b = CheckBoth("por_user_put", R"py(import threading
class Box:
    def __init__(self):
        self.v = 0
    def put(self, x):
        self.v = x
box = Box()
seen = []
def writer():
    box.put(1)
def reader():
    seen.append(box.v)
    seen.append(box.v)
ts = [threading.Thread(target=writer), threading.Thread(target=reader)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert seen[0] == seen[1]
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, AClassAttributeWrittenLaterIsSeenThroughInstances) {
  Both b = CheckBoth("por_class_attr", R"py(import threading
class Config:
    limit = 1
c = Config()
seen = []
def writer():
    Config.limit = 2
def reader():
    seen.append(c.limit)
    seen.append(c.limit)
ts = [threading.Thread(target=writer), threading.Thread(target=reader)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert seen[0] == seen[1]
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, PropertiesAndUserExitsRunCode) {
  // The getter reads a global, the __exit__ writes it: both are code the look-ahead must see.
  Both b = CheckBoth("por_property_exit", R"py(import threading
flag = 0
class Gate:
    @property
    def open(self):
        return flag
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        global flag
        flag = 1
g = Gate()
seen = []
def opener():
    with g:
        pass
def watcher():
    seen.append(g.open)
    seen.append(g.open)
ts = [threading.Thread(target=opener), threading.Thread(target=watcher)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert seen[0] == seen[1]
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, ContainerWriteAgainstLenAndStarvationInALoop) {
  // A reader polls len() in a while loop (never reduced there) while a writer appends: the
  // writer's append is not independent of the reader's len(); the poll loop's livelock-free
  // verdict and the assertion both hold either way.
  Both b = CheckBoth("por_len_poll", R"py(import threading
buf = []
def writer():
    buf.append(1)
    buf.append(2)
def reader():
    while len(buf) < 2:
        pass
    assert len(buf) == 2 and buf[0] == 1
w = threading.Thread(target=writer)
r = threading.Thread(target=reader)
r.start()
w.start()
r.join()
w.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(b.reduced.bugs.empty());
}

// ---- critical sections (futures cut at the locks the candidate holds) -------------------

// The bench's bounded buffer (tools/bench.py, `buffer`): one Condition on one Lock. Every
// step of a critical section is independent of what the others can do before they get the
// lock, so the reduction keeps about one state in ten (SPIN's d_step model stores 4,304).
TEST(ReductionTest, BoundedBufferCriticalSectionsAreTakenAlone) {
  Both b = CheckBoth("por_buffer", R"py(import threading
lock = threading.Lock()
cond = threading.Condition(lock)
buf = []
def producer():
    for i in range(2):
        with lock:
            while len(buf) == 2:
                cond.wait()
            buf.append(i)
            cond.notify()
def consumer():
    for i in range(2):
        with lock:
            while len(buf) == 0:
                cond.wait()
            buf.pop(0)
            cond.notify()
threads = [threading.Thread(target=producer) for _ in range(2)]
threads += [threading.Thread(target=consumer) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(b.reduced.bugs.empty());
  EXPECT_LT(b.reduced.stats.states * 10, b.full.stats.states);
  EXPECT_LE(b.reduced.stats.states, 4304u);
}

// Each worker's Semaphore is its own: every step of its acquire and release touches that
// object only, and no other thread's future names it, so the steps are taken alone.
TEST(ReductionTest, SemaphoreStepsOnAnObjectNobodyElseUsesAreTakenAlone) {
  Both b = CheckBoth("por_own_semaphores", R"py(import threading
a = threading.Semaphore(0)
b = threading.Semaphore(0)
def worker_a():
    n = 0
    while n < 2:
        a.release()
        a.acquire()
        n += 1
def worker_b():
    n = 0
    while n < 2:
        b.release()
        b.acquire()
        n += 1
threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)py");
  ExpectNoBugAndShrinks(b, 3);
}

// Two threads take the same two Semaphores in opposite orders: the first acquire of each
// conflicts with the other thread's future acquire of the same object, and the deadlock stays.
TEST(ReductionTest, SemaphoreStepNotTakenAloneWhereAFutureUsesTheSameObject) {
  Both b = CheckBoth("por_semaphore_order", R"py(import threading
x = threading.Semaphore(1)
y = threading.Semaphore(1)
def one():
    x.acquire()
    y.acquire()
    y.release()
    x.release()
def two():
    y.acquire()
    x.acquire()
    x.release()
    y.release()
threads = [threading.Thread(target=one), threading.Thread(target=two)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)py");
  ExpectOneBug(b, BugKind::kDeadlock);
}

// A `with` on a BoundedSemaphore exits through its manager on the thread's stack: that exit
// conflicts with another thread's release() of the same object (one order releases too many).
TEST(ReductionTest, SemaphoreWithExitAgainstAReleaseByHand) {
  Both b = CheckBoth("por_semaphore_with_exit", R"py(import threading
s = threading.BoundedSemaphore(1)
def user():
    with s:
        pass
def rogue():
    s.release()
threads = [threading.Thread(target=user), threading.Thread(target=rogue)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kUnlockNotHeld));
}

// Loops guarded by Semaphore acquires (the first step of each acquire stays sticky): the
// writer's starvation among readers looping on Semaphores is still found, and the cigarette
// smokers' deadlock too.
TEST(ReductionTest, SemaphoreGuardedLoopsKeepStarvationAndDeadlock) {
  Both b = CheckCorpus("readers_writers_semaphore.py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kStarvation));
  Both smokers = CheckBoth(std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/large/smokers_naive.py");
  ExpectSameBugs(smokers);
  EXPECT_TRUE(Kinds(smokers.reduced).count(BugKind::kDeadlock));
  EXPECT_LT(smokers.reduced.stats.states * 3, smokers.full.stats.states);
}

// The same Semaphores passed to the threads as arguments: a parameter never assigned in its
// function names one object for the frame's life, compared by value like a stable global.
TEST(ReductionTest, SemaphoresPassedAsArgumentsAreTheirObjects) {
  Both b = CheckBoth("por_semaphore_args", R"py(import threading
def worker(sem, rounds):
    n = 0
    while n < rounds:
        sem.release()
        sem.acquire()
        n += 1
threads = [threading.Thread(target=worker, args=(threading.Semaphore(0), 2)),
           threading.Thread(target=worker, args=(threading.Semaphore(0), 2))]
for t in threads:
    t.start()
for t in threads:
    t.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(b.reduced.bugs.empty());
  EXPECT_LT(b.reduced.stats.states * 3, b.full.stats.states);
  // Passed in opposite orders, the same two objects still deadlock.
  ExpectOneBug(CheckBoth("por_semaphore_args_order", R"py(import threading
def take(first, second):
    first.acquire()
    second.acquire()
    second.release()
    first.release()
x = threading.Semaphore(1)
y = threading.Semaphore(1)
threads = [threading.Thread(target=take, args=(x, y)), threading.Thread(target=take, args=(y, x))]
for t in threads:
    t.start()
for t in threads:
    t.join()
)py"), BugKind::kDeadlock);
}

// A Lock passed as an argument is a lock: its release by another thread races with the
// holder's (the foreign-release race of ReleaseOfAnotherThreadsLockIsNotIndependent).
TEST(ReductionTest, ALockPassedAsAnArgumentIsStillALock) {
  Both b = CheckBoth("por_lock_arg", R"py(import threading
lock = threading.Lock()
def rogue(lk):
    lk.release()
lock.acquire()
t = threading.Thread(target=rogue, args=(lock,))
t.start()
lock.release()
t.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kUnlockNotHeld));
}

// A parameter assigned in the body names whatever it was last given: here, after the giver's
// first step, the shared Semaphore, whose release races with the taker's probe.
TEST(ReductionTest, AReassignedParameterIsAnyObject) {
  ExpectOneBug(CheckBoth("por_reassigned_param", R"py(import threading
shared = threading.Semaphore(0)
got = []
log = []
def giver(s):
    log.append(1)
    s = shared
    s.release()
def taker():
    got.append(shared.acquire(blocking=False))
b = threading.Thread(target=taker)
a = threading.Thread(target=giver, args=(threading.Semaphore(0),))
b.start()
a.start()
a.join()
b.join()
assert got == [False]
)py"), BugKind::kAssertion);
}

// `n += x` writes nothing shared only where n holds scalars: a list parameter, or a local
// once given a shared list, is written.
TEST(ReductionTest, InPlaceOperatorsOnLocalsThatMayHoldContainers) {
  for (const char* body : {"    xs += 'ab'\n", "    n = 0\n    n = xs\n    n += 'ab'\n"}) {
    std::string text = std::string(R"py(import threading
buf = []
def writer(xs):
)py") + body + R"py(def reader():
    assert len(buf) == 0
b = threading.Thread(target=reader)
a = threading.Thread(target=writer, args=(buf,))
b.start()
a.start()
a.join()
b.join()
)py";
    ExpectOneBug(CheckBoth("por_in_place_local", text), BugKind::kAssertion);
  }
}

// The holder's steps under `with lock:` race with what the others do after `lock.release()`
// (any thread may release a Lock): the others' futures are not cut at their `with lock:`.
TEST(ReductionTest, NoCutWhenAnotherThreadMayReleaseTheLock) {
  Both b = CheckCorpus("with_exit_after_foreign_release.py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kAssertion));
}

// Condition.wait on a plain Lock only checks that *somebody* holds it, then releases it: a
// thread that may wait without the lock may release the holder's. (A wait's flags also say it
// may run code, a Barrier's action, which keeps this case safe twice over.)
TEST(ReductionTest, NoCutWhenAnotherThreadMayWaitWithoutTheLock) {
  Both b = CheckBoth("por_cut_wait_unheld", R"py(import threading
lock = threading.Lock()
cond = threading.Condition(lock)
buf = []
def holder():
    with lock:
        buf.append(1)
        assert len(buf) == 1
        buf.pop()
def rogue():
    try:
        cond.wait(0)
    except RuntimeError:
        pass
a = threading.Thread(target=holder)
b = threading.Thread(target=rogue)
c = threading.Thread(target=holder)
a.start()
b.start()
c.start()
a.join()
b.join()
c.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kAssertion));
}

// A lock global assigned once threads run is not a fixed lock: `with lock:` may take a new one,
// so it cuts nothing (the swapper's `with lock:` would otherwise hide its appends from the
// holder's critical section, which it waits to see begin).
TEST(ReductionTest, NoCutAtAReassignedLockGlobal) {
  Both b = CheckBoth("por_cut_reassigned", R"py(import threading
lock = threading.Lock()
buf = []
flag = []
def holder():
    with lock:
        flag.append(1)
        buf.append(1)
        assert len(buf) == 1
        buf.pop()
def swapper():
    global lock
    while len(flag) == 0:
        pass
    lock = threading.Lock()
    with lock:
        buf.append(2)
        buf.pop()
a = threading.Thread(target=holder)
b = threading.Thread(target=swapper)
a.start()
b.start()
a.join()
b.join()
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

// A container reached through a local is any container: it is not told apart by the global
// that holds it, and the holder's lock does not guard it.
TEST(ReductionTest, ContainerThroughALocalIsAnyContainer) {
  Both b = CheckBoth("por_local_alias", R"py(import threading
lock = threading.Lock()
buf = []
def holder():
    with lock:
        buf.append(1)
        assert len(buf) == 1
        buf.pop()
def sneaky(b):
    b.append(3)
    b.pop()
a = threading.Thread(target=holder)
c = threading.Thread(target=sneaky, args=(buf,))
a.start()
c.start()
a.join()
c.join()
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

// Two stable globals naming the same list and the same lock: the footprints compare values,
// not names.
TEST(ReductionTest, AliasedGlobalsAreTheSameContainerAndLock) {
  Both b = CheckBoth("por_global_alias", R"py(import threading
lock = threading.Lock()
other = lock
buf = []
alias = buf
def holder():
    with lock:
        buf.append(1)
        assert len(buf) == 1
        buf.pop()
def sneaky():
    with other:
        alias.append(2)
    alias.append(3)
a = threading.Thread(target=holder)
c = threading.Thread(target=sneaky)
a.start()
c.start()
a.join()
c.join()
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

// A wait whose exception is caught inside the loop does not guard it: the loop can go round
// without the wait's reacquire (the cycle proviso keeps its states expanded).
TEST(ReductionTest, WaitCaughtInsideTheLoopDoesNotGuardIt) {
  Both b = CheckBoth("por_guard_caught", R"py(import threading
lock = threading.Lock()
cond = threading.Condition(lock)
flag = []
def waiter():
    while not flag:
        try:
            cond.wait()
        except RuntimeError:
            pass
def setter():
    with cond:
        flag.append(1)
        cond.notify()
a = threading.Thread(target=waiter)
b = threading.Thread(target=setter)
a.start()
b.start()
a.join()
b.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kStarvation));
}

// Waiters woken by a notifier that loops forever: the waiters' loops are guarded by their
// wait, the notifier's is not; the livelock and the starvation are found either way.
TEST(ReductionTest, GuardedWaitLoopsAgainstANotifierLoop) {
  Both b = CheckBoth("por_guard_notifier", R"py(import threading
lock = threading.Lock()
cond = threading.Condition(lock)
done = []
def waiter():
    with cond:
        while not done:
            cond.wait()
def notifier():
    while True:
        with cond:
            cond.notify()
threads = [threading.Thread(target=waiter), threading.Thread(target=notifier)]
for t in threads:
    t.start()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kLivelock));
  EXPECT_GT(b.reduced.stats.reduced_states, 0u);
}

// A wait that raises before it parks (a bad argument) lets the loop go round with no sticky
// step: the loop is not guarded, and the spinning waiter does not hide the other thread's
// assertion (the cycle proviso).
TEST(ReductionTest, WaitThatRaisesBeforeParkingDoesNotGuard) {
  Both b = CheckBoth("por_guard_raises", R"py(import threading
lock = threading.Lock()
cond = threading.Condition(lock)
other = []
log = []
def waiter():
    while len(other) == 0:
        try:
            cond.wait(1, 2)
        except TypeError:
            pass
def setter():
    log.append(1)
    assert len(log) == 2
w = threading.Thread(target=waiter)
s = threading.Thread(target=setter)
w.start()
s.start()
w.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kAssertion));
}

// any(outer) reads the list inside `outer` too: a step not narrowed to its container conflicts
// with a write of any container, even one a stable global names (checked by mutation).
TEST(ReductionTest, DeepReadConflictsWithWritesOfTheContainersInside) {
  Both b = CheckBoth("por_deep_read", R"py(import threading
inner = []
outer = [inner]
def writer():
    inner.append(1)
def reader():
    assert not any(outer)
w = threading.Thread(target=writer)
r = threading.Thread(target=reader)
r.start()
w.start()
r.join()
w.join()
)py");
  ExpectOneBug(b, BugKind::kAssertion);
}

// An instance's attribute assigned only in __init__ names one object once the instance is
// built: `with self.h:` and `self.barrier.wait()` are on those objects, and reading them is
// independent of every other step (StableAttributes in por_facts.cc). The H2O problem.
TEST(ReductionTest, AttributesAssignedOnlyInInitNameTheirObjects) {
  Both b = CheckBoth("por_stable_attrs", R"py(import threading
class H2O:
    def __init__(self):
        self.h = threading.Semaphore(2)
        self.o = threading.Semaphore(1)
        self.barrier = threading.Barrier(3)
        self.out = []
    def hydrogen(self):
        with self.h:
            self.barrier.wait()
            self.out.append("H")
    def oxygen(self):
        with self.o:
            self.barrier.wait()
            self.out.append("O")
w = H2O()
threads = [threading.Thread(target=w.hydrogen) for _ in range(2)]
threads.append(threading.Thread(target=w.oxygen))
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(w.out) == ["H", "H", "O"]
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(b.reduced.bugs.empty());
  EXPECT_LT(b.reduced.stats.states * 2, b.full.stats.states);
}

// Assigned again outside __init__, an attribute is any object: the swap races with the read.
TEST(ReductionTest, AnAttributeAssignedOutsideInitIsAnyObject) {
  ExpectOneBug(CheckBoth("por_attr_swapped", R"py(import threading
got = []
class Box:
    def __init__(self):
        self.sem = threading.Semaphore(0)
    def swap(self):
        self.sem = threading.Semaphore(1)
    def take(self):
        got.append(self.sem.acquire(blocking=False))
box = Box()
a = threading.Thread(target=box.take)
b = threading.Thread(target=box.swap)
a.start()
b.start()
a.join()
b.join()
assert got == [False]
)py"), BugKind::kAssertion);
}

// `__init__` called by hand re-assigns every attribute it sets: then no attribute is stable.
TEST(ReductionTest, InitCalledByHandMakesNoAttributeStable) {
  ExpectOneBug(CheckBoth("por_attr_reinit", R"py(import threading
got = []
class Box:
    def __init__(self, n):
        self.sem = threading.Semaphore(n)
    def take(self):
        got.append(self.sem.acquire(blocking=False))
box = Box(0)
def reinit():
    box.__init__(1)
a = threading.Thread(target=box.take)
b = threading.Thread(target=reinit)
a.start()
b.start()
a.join()
b.join()
assert got == [False]
)py"), BugKind::kAssertion);
}

// An instance being built (its __init__ running) may not have the attribute yet: the thread
// __init__ starts reads it too early in some orders.
TEST(ReductionTest, AnInstanceBeingBuiltMayLackItsAttributes) {
  ExpectOneBug(CheckBoth("por_attr_building", R"py(import threading
class Worker:
    def __init__(self):
        self.t = threading.Thread(target=self.run)
        self.t.start()
        self.ready = threading.Event()
    def run(self):
        self.ready.set()
w = Worker()
w.t.join()
)py"), BugKind::kException);
}

// A Lock in a stable attribute is still a lock: its release by another thread races with the
// holder's.
TEST(ReductionTest, ALockInAStableAttributeIsStillALock) {
  Both b = CheckBoth("por_attr_lock", R"py(import threading
class Guard:
    def __init__(self):
        self.lock = threading.Lock()
    def rogue(self):
        self.lock.release()
g = Guard()
g.lock.acquire()
t = threading.Thread(target=g.rogue)
t.start()
g.lock.release()
t.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kUnlockNotHeld));
}

// Queue workers, each on its own Queue, in `while True` loops no wait guards: a Queue's steps
// touch that Queue's fields only (its mutex, Conditions and items), a call of a function a
// `def` bound runs Python code, and a step inside the loop is sticky only when it takes the
// loop's jump back. Before these, every step here was sticky or conflicted with everything.
TEST(ReductionTest, QueueWorkersOnTheirOwnQueuesAreTakenAlone) {
  Both b = CheckBoth("por_queue_workers", R"py(import queue
import threading
qa = queue.Queue()
qb = queue.Queue()
def work(x):
    return x + 1
def worker(q):
    while True:
        item = q.get()
        if item is None:
            return
        work(item)
ta = threading.Thread(target=worker, args=(qa,))
tb = threading.Thread(target=worker, args=(qb,))
ta.start()
tb.start()
qa.put(1)
qb.put(1)
qa.put(None)
qb.put(None)
ta.join()
tb.join()
)py");
  ExpectNoBugAndShrinks(b, 2);
}

// A Queue's step conflicts with another thread's method on the same Queue, called through the
// global bound to it before the threads start or through one bound later (which may hold any
// Queue): the race between the put and the checker's empty() stays (it fails when empty()
// comes first, an order lost if the put were taken alone).
TEST(ReductionTest, AQueueStepAgainstAnotherThreadsUseOfTheSameQueue) {
  for (const char* check : {"    assert not q.empty()\n",
                            "    global r\n    r = q\n    assert not r.empty()\n"}) {
    ExpectOneBug(CheckBoth("por_queue_race", std::string(R"py(import queue
import threading
q = queue.Queue()
def producer():
    q.put(1)
def checker():
)py") + check + R"py(p = threading.Thread(target=producer)
c = threading.Thread(target=checker)
p.start()
c.start()
p.join()
c.join()
)py"), BugKind::kAssertion);
  }
}

// A spinning thread retakes the lock in a `while True` loop while the setter works outside
// it: the spinner's steps inside the critical section are taken alone, the `with` exit that
// goes round is not, and the barging starvation of the setter stays (its lasso needs a state
// on the loop expanded in full). A proviso that makes every step inside the loop sticky takes
// only 3 states' steps alone here.
TEST(ReductionTest, AnUnguardedLoopKeepsItsLassoWithStepsTakenAlone) {
  Both b = CheckBoth("por_spin_lock", R"py(import threading
lock = threading.Lock()
flag = [False]
seen = []
log = []
def spinner():
    while True:
        with lock:
            seen.append(1)
            if flag[0]:
                return
            seen.pop()
def setter():
    for i in range(2):
        log.append(i)
    with lock:
        flag[0] = True
a = threading.Thread(target=spinner)
b = threading.Thread(target=setter)
a.start()
b.start()
a.join()
b.join()
)py");
  ExpectSameBugs(b);
  EXPECT_TRUE(Kinds(b.reduced).count(BugKind::kStarvation));
  EXPECT_GT(b.reduced.stats.reduced_states, 3u);
  EXPECT_LT(b.reduced.stats.transitions, b.full.stats.transitions);
}

}  // namespace
}  // namespace lockcheck
