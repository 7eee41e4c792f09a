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

// The same bugs both ways, and exactly one, of `kind`.
void ExpectOneBug(const Both& b, BugKind kind) {
  ExpectSameBugs(b);
  ASSERT_EQ(b.reduced.bugs.size(), 1u);
  EXPECT_EQ(b.reduced.bugs[0].kind, kind);
}

TEST(ReductionTest, DiningPhilosophersShrinkAndKeepTheDeadlock) {
  Both b = CheckBoth(std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus/dining_4.py");
  ExpectSameBugs(b);
  ASSERT_EQ(b.full.bugs.size(), 2u);  // the deadlock and its lock-order warning
  EXPECT_LT(b.reduced.stats.states * 10, b.full.stats.states);
  EXPECT_GT(b.reduced.stats.reduced_states, 0u);
  EXPECT_EQ(b.full.stats.reduced_states, 0u);
}

TEST(ReductionTest, ReleaseOfAnotherThreadsLockIsNotIndependent) {
  // The thread may release the lock main holds; then main's own release fails (or, if main
  // releases first, the thread's does).
  Both b = CheckBoth(testing::WriteScenario("por_foreign_release", R"py(import threading
lock = threading.Lock()
def rogue():
    lock.release()
t = threading.Thread(target=rogue)
lock.acquire()
t.start()
lock.release()
t.join()
)py"));
  ExpectSameBugs(b);
  EXPECT_EQ(b.full.bugs.size(), 2u);  // whichever release comes second fails
}

TEST(ReductionTest, ThreadEndSeenByIsAlive) {
  Both b = CheckBoth(testing::WriteScenario("por_is_alive", R"py(import threading
log = []
def work():
    log.append(1)
t = threading.Thread(target=work)
t.start()
assert t.is_alive()
t.join()
)py"));
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, ProgramEndStopsDaemonThreads) {
  // The daemon fails only if it gets to run before the main thread ends the program.
  Both b = CheckBoth(testing::WriteScenario("por_daemon", R"py(import threading
log = []
def d():
    log.append(1)
    assert False
t = threading.Thread(target=d, daemon=True)
t.start()
log.append(2)
)py"));
  ExpectOneBug(b, BugKind::kAssertion);
}

TEST(ReductionTest, JoinBeforeStartRaces) {
  Both b = CheckBoth(testing::WriteScenario("por_join_before_start", R"py(import threading
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
)py"));
  ExpectOneBug(b, BugKind::kException);
}

TEST(ReductionTest, CalleeKnownOnlyAtRunTime) {
  // The release is called through a local: its effects are not read off the code.
  Both b = CheckBoth(testing::WriteScenario("por_indirect_call", R"py(import threading
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
)py"));
  ExpectSameBugs(b);
  EXPECT_GE(b.reduced.bugs.size(), 1u);
}

TEST(ReductionTest, ContainerWriteAgainstLenAndStarvationInALoop) {
  // A reader polls len() in a while loop (never reduced there) while a writer appends: the
  // writer's append is not independent of the reader's len(); the poll loop's livelock-free
  // verdict and the assertion both hold either way.
  Both b = CheckBoth(testing::WriteScenario("por_len_poll", R"py(import threading
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
)py"));
  ExpectSameBugs(b);
  EXPECT_TRUE(b.reduced.bugs.empty());
}

}  // namespace
}  // namespace lockcheck
