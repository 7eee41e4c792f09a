// Critical sections end to end (Python/critical_section.c): suspension when a thread would
// block, resumption of the top-most section only, two-object ordering, re-entry.
#include <string>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::HasSubstr;

std::string TraceText(const Bug& b) {
  std::string out;
  for (const TraceStep& s : b.trace) out += s.op + " | " + s.outcome + "\n";
  return out;
}

TEST(CriticalSectionTest, ABlockingWaitSuspendsAndTheTopMostResumes) {
  ScenarioResult r = testing::Check("cs_suspend", R"(import threading
import queue
from lockcheck.capi import critical_section
q = queue.Queue()
box = [0]
def consumer():
    with critical_section(box):
        box[0] = 1
        q.get()
        assert box[0] == 1
def producer():
    with critical_section(box):
        box[0] = 2
    q.put(0)
c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  std::string trace = TraceText(r.bugs[0]);
  EXPECT_THAT(trace, HasSubstr("Py_BEGIN_CRITICAL_SECTION(box) | locked"));
  EXPECT_THAT(trace, HasSubstr("suspended the critical section on box"));
  EXPECT_THAT(trace, HasSubstr("resumed the critical section on box"));
}

TEST(CriticalSectionTest, TwoObjectSectionsLockInIdentityOrder) {
  ScenarioResult r = testing::Check("cs_two", R"(import threading
from lockcheck.capi import critical_section2
a = [0]
b = [0]
def one():
    with critical_section2(a, b):
        a[0] += 1
        b[0] += 1
def two():
    with critical_section2(b, a):
        a[0] += 1
        b[0] += 1
def same():
    with critical_section2(a, a):  # the same object: locked once
        a[0] += 1
ts = [threading.Thread(target=f) for f in (one, two, same)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert a[0] == 3 and b[0] == 2
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(CriticalSectionTest, ReentryOnTheTopMostObjectDoesNotBlock) {
  ScenarioResult r = testing::Check("cs_reentry", R"(from lockcheck.capi import critical_section
x = []
with critical_section(x):
    with critical_section(x):
        x.append(1)
assert x == [1]
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(CriticalSectionTest, OuterSectionOnTheSameObjectIsSuspendedNotDeadlocked) {
  // The inner section on x is not the top-most's object (y is): beginning it would block on
  // the thread's own outer section, so the thread suspends both and takes x.
  ScenarioResult r = testing::Check("cs_outer_same", R"(from lockcheck.capi import critical_section
x = []
y = []
with critical_section(x):
    with critical_section(y):
        with critical_section(x):
            x.append(1)
assert x == [1]
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(CriticalSectionTest, WrongArgumentsAreTypeErrors) {
  ScenarioResult r = testing::Check("cs_args", R"(from lockcheck.capi import critical_section2
critical_section2([])
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("critical_section2() takes exactly 2 arguments (1 given)"));
}

TEST(CriticalSectionTest, ReprNamesTheModelledTypes) {  // regression: repr() of a section
  ScenarioResult r = testing::Check("cs_repr", R"(from lockcheck.capi import critical_section, PyMutex
m = PyMutex()
cs = critical_section([])
assert repr(cs).startswith("<lockcheck.capi.critical_section object at 0x"), repr(cs)
assert repr(m).startswith("<unlocked lockcheck.capi.PyMutex object at 0x"), repr(m)
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

}  // namespace
}  // namespace lockcheck
