// Decisive steps and deadlock locations, on whole scenarios: which steps the checker marks, from
// the operations' footprints, and what the note says.
#include "checker/decisive.h"

#include <string>
#include <vector>

#include "checker/testing.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using testing::Check;

// The 1-based numbers of the marked steps.
std::vector<int> Marked(const Bug& bug) {
  std::vector<int> marked;
  for (size_t i = 0; i < bug.trace.size(); ++i)
    if (bug.trace[i].decisive) marked.push_back(static_cast<int>(i) + 1);
  return marked;
}

const Bug* Find(const ScenarioResult& r, BugKind kind) {
  for (const Bug& b : r.bugs)
    if (b.kind == kind) return &b;
  return nullptr;
}

TEST(DecisiveTest, LostUpdateMarksTheReadTheOverwrittenWriteAndTheWriteOverIt) {
  ScenarioResult r = Check("decisive_lost_update", R"py(import threading
counter = 0
def work():
    global counter
    counter += 1
t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t1.start()
t2.start()
t1.join()
t2.join()
assert counter == 2
)py");
  const Bug* bug = Find(r, BugKind::kAssertion);
  ASSERT_NE(bug, nullptr);
  // The marked steps: a read of counter by one worker, the other's write, the first one's
  // write over it, the main thread's read and its failing assert.
  std::vector<int> marked = Marked(*bug);
  ASSERT_EQ(marked.size(), 5u) << bug->decisive;
  const TraceStep& read = bug->trace[marked[0] - 1];
  const TraceStep& lost = bug->trace[marked[1] - 1];
  const TraceStep& over = bug->trace[marked[2] - 1];
  EXPECT_EQ(read.access, "read");
  EXPECT_EQ(read.target, "counter");
  EXPECT_EQ(lost.access, "write");
  EXPECT_NE(lost.thread, read.thread);
  EXPECT_EQ(over.access, "write");
  EXPECT_EQ(over.thread, read.thread);
  EXPECT_EQ(bug->trace[marked[3] - 1].thread, 0);
  EXPECT_EQ(marked[4], static_cast<int>(bug->trace.size()));
  EXPECT_NE(bug->decisive.find("'s update is lost"), std::string::npos) << bug->decisive;
  EXPECT_EQ(bug->decisive.find("lost updates"), std::string::npos) << "only one is lost";
}

TEST(DecisiveTest, CheckThenActMarksTheOtherThreadsWriteBetweenTheReads) {
  ScenarioResult r = Check("decisive_check_then_act", R"py(import threading
d = 1
def zero():
    global d
    d = 0
def divide():
    if d != 0:
        x = 10 / d
t1 = threading.Thread(target=zero)
t2 = threading.Thread(target=divide)
t1.start()
t2.start()
)py");
  const Bug* bug = Find(r, BugKind::kException);
  ASSERT_NE(bug, nullptr);
  std::vector<int> marked = Marked(*bug);
  ASSERT_GE(marked.size(), 3u) << bug->decisive;
  // The failing read of d and the raise are the divider's; the write between is the zeroer's.
  bool other_wrote = false;
  for (int m : marked) {
    const TraceStep& s = bug->trace[m - 1];
    if (s.access == "write" && s.target == "d") other_wrote = true;
  }
  EXPECT_TRUE(other_wrote) << bug->decisive;
  EXPECT_NE(bug->decisive.find("wrote it"), std::string::npos) << bug->decisive;
}

TEST(DecisiveTest, DeadlockMarksEachHoldersAcquireAndIsLocatedAtABlockingAcquire) {
  ScenarioResult r = Check("decisive_deadlock", R"py(import threading
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        with b:
            pass
def two():
    with b:
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
)py");
  const Bug* bug = Find(r, BugKind::kDeadlock);
  ASSERT_NE(bug, nullptr);
  std::vector<int> marked = Marked(*bug);
  ASSERT_EQ(marked.size(), 2u) << bug->decisive;
  for (int m : marked) EXPECT_EQ(bug->trace[m - 1].access, "acquire");
  EXPECT_NE(bug->trace[marked[0] - 1].target, bug->trace[marked[1] - 1].target);
  // At a blocking acquire (line 6 or 10), never at the joins (16-17).
  EXPECT_TRUE(bug->location.line == 6 || bug->location.line == 10) << bug->location.line;
}

// A thread that blocks on a lock its holder never gives back, while the main thread joins it:
// the bug is where the thread blocks, not at the join, and keeps its id.
TEST(DecisiveTest, DeadlockBehindAJoinIsLocatedWhereTheJoinedThreadBlocks) {
  ScenarioResult r = Check("decisive_join", R"py(import threading
lock = threading.Lock()
def worker():
    lock.acquire()
    lock.acquire()
t = threading.Thread(target=worker)
t.start()
t.join()
)py");
  const Bug* bug = Find(r, BugKind::kDeadlock);
  ASSERT_NE(bug, nullptr);
  EXPECT_EQ(bug->location.line, 5);
  ASSERT_EQ(Marked(*bug).size(), 1u);
  EXPECT_EQ(bug->trace[Marked(*bug)[0] - 1].line, 4);
  EXPECT_NE(bug->decisive.find("waits for in lock.acquire() (line 5)"), std::string::npos)
      << bug->decisive;
}

// A starvation lasso (its cycle is marked already) and a lock-order warning: no marks.
TEST(DecisiveTest, LassosAndWarningsMarkNothing) {
  for (const char* name : {"starvation_barging.py", "lock_order_inversion.py"}) {
    CheckRequest request;
    request.path = std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus/" + name;
    ScenarioResult r = CheckScenario(request);
    ASSERT_FALSE(r.bugs.empty()) << name;
    for (const Bug& b : r.bugs) {
      if (b.kind == BugKind::kDeadlock) continue;
      EXPECT_TRUE(Marked(b).empty()) << name << " " << BugKindName(b.kind);
      EXPECT_TRUE(b.decisive.empty()) << name;
    }
  }
}

}  // namespace
}  // namespace lockcheck
