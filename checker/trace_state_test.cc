// The state a counterexample's steps carry (TraceStep::holds, TraceStep::blocked), from real
// checks: filled where the trace is replayed, after every record, also between the records of
// one step that a thread runs alone.
#include <algorithm>
#include <string>
#include <vector>

#include "checker/result.h"
#include "checker/testing.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using Names = std::vector<std::string>;
using Threads = std::vector<int32_t>;

const Bug* FindBug(const ScenarioResult& r, BugKind kind) {
  for (const Bug& b : r.bugs)
    if (b.kind == kind) return &b;
  return nullptr;
}

constexpr char kInversion[] = R"py(import threading

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
)py";

TEST(TraceStateTest, DeadlockHoldsAndBlocked) {
  ScenarioResult r = testing::Check("trace_state_inversion", kInversion);
  const Bug* bug = FindBug(r, BugKind::kDeadlock);
  ASSERT_NE(bug, nullptr);
  ASSERT_GE(bug->trace.size(), 4u);
  // The last steps: each of the two threads takes its first lock; then all three are blocked.
  for (const TraceStep& s : bug->trace) {
    if (s.op == "a.acquire()" || s.op == "with a") {
      EXPECT_EQ(s.holds, Names{"a"}) << s.op;
    }
    if (s.op == "b.acquire()" || s.op == "with b") {
      EXPECT_EQ(s.holds, Names{"b"}) << s.op;
    }
    if (s.thread == 0) {
      EXPECT_EQ(s.holds, Names{});
    }
  }
  EXPECT_EQ(bug->trace.back().blocked, (Threads{0, 1, 2}));
  EXPECT_EQ(bug->trace.front().blocked, Threads{});
}

TEST(TraceStateTest, ReleasesWhileAloneAreSeenBetweenRecords) {
  // Alone, the main thread runs all of this in one step: the state after each record still
  // shows the lock taken, then dropped, then taken again.
  ScenarioResult r = testing::Check("trace_state_alone", R"py(import threading

lock = threading.Lock()
lock.acquire()
lock.release()
lock.acquire()
lock.acquire()
)py");
  const Bug* bug = FindBug(r, BugKind::kDeadlock);
  ASSERT_NE(bug, nullptr);
  std::vector<Names> holds;
  for (const TraceStep& s : bug->trace)
    if (s.op == "lock.acquire()" || s.op == "lock.release()") holds.push_back(s.holds);
  EXPECT_EQ(holds, (std::vector<Names>{{"lock"}, {}, {"lock"}}));
  EXPECT_EQ(bug->trace.back().blocked, Threads{0});
}

TEST(TraceStateTest, ConditionWaiterLocksAreNotTheProgramsLocks) {
  // A waiter's private lock stays locked after wait() returns (here by timing out), as in
  // CPython, and is then unreachable; only the Condition's own lock is reported.
  ScenarioResult r = testing::Check("trace_state_condition", R"py(import threading

cond = threading.Condition(threading.Lock())
with cond:
    cond.wait(0.5)
cond.acquire()
cond.acquire()
)py");
  const Bug* bug = FindBug(r, BugKind::kDeadlock);
  ASSERT_NE(bug, nullptr) << (r.rendered_errors.empty() ? "" : r.rendered_errors[0]);
  std::vector<Names> holds;
  for (const TraceStep& s : bug->trace) {
    if (holds.empty() || holds.back() != s.holds) holds.push_back(s.holds);
  }
  // Taken by `with`, let go inside wait(), taken back, released, taken for good.
  EXPECT_EQ(holds, (std::vector<Names>{{}, {"cond._lock"}, {}, {"cond._lock"}, {}, {"cond._lock"}}));
}

}  // namespace
}  // namespace lockcheck
