#include "primitives/pymutex.h"

#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::HasSubstr;

// A mutex's payload with room for a queue.
struct Mutex {
  std::vector<Value> p{Value::SmallInt(0), Value::SmallInt(0)};
  uint32_t size() const { return static_cast<uint32_t>(p.size()); }
  int64_t bits() const { return PyMutexBits(p.data()); }
  void Park(int thread) {
    ASSERT_FALSE(PyMutexTryLock(p.data(), thread));
    p.push_back(PyMutexQueueEntry(thread, kParked));
  }
};

TEST(PyMutexTest, FastPathTakesAFreeMutexAndUnlocksToZero) {
  Mutex m;
  EXPECT_TRUE(PyMutexTryLock(m.p.data(), 1));
  EXPECT_EQ(m.bits(), kPyLocked);
  EXPECT_EQ(PyMutexChoices(m.p.data(), m.size(), 1, kWaitUnlock), kChoiceProceed);
  int woken;
  EXPECT_TRUE(PyMutexUnlock(m.p.data(), m.size(), false, &woken));
  EXPECT_EQ(woken, -1);
  EXPECT_EQ(m.bits(), 0);
}

TEST(PyMutexTest, UnlockOfAnUnlockedMutexFails) {
  Mutex m;
  int woken;
  EXPECT_FALSE(PyMutexUnlock(m.p.data(), m.size(), false, &woken));
  EXPECT_EQ(m.bits(), 0);
  EXPECT_EQ(kPyMutexUnlockUnlocked, "PyMutex_Unlock: unlocking mutex that is not locked");
}

TEST(PyMutexTest, LockedMutexParksFifoAndWakesTheOldestWithoutHandOff) {
  Mutex m;
  ASSERT_TRUE(PyMutexTryLock(m.p.data(), 0));
  m.Park(1);
  m.Park(2);
  EXPECT_EQ(m.bits(), kPyLocked | kPyHasParked);
  EXPECT_EQ(PyMutexChoices(m.p.data(), m.size(), 1, kWaitUnpark), 0u);  // parked
  // An unlock with parked threads has two outcomes: no hand-off, or hand-off.
  EXPECT_EQ(PyMutexChoices(m.p.data(), m.size(), 0, kWaitUnlock), kChoiceProceed | kChoiceTimeout);
  int woken;
  ASSERT_TRUE(PyMutexUnlock(m.p.data(), m.size(), false, &woken));
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(m.bits(), kPyHasParked);  // free, and thread 2 still parked
  EXPECT_EQ(PyMutexChoices(m.p.data(), m.size(), 1, kWaitUnpark), kChoiceProceed);
  EXPECT_EQ(PyMutexChoices(m.p.data(), m.size(), 2, kWaitUnpark), 0u);
  // Barging: a running thread takes the free mutex before the woken one retries.
  EXPECT_TRUE(PyMutexTryLock(m.p.data(), 3));
  EXPECT_EQ(m.bits(), kPyLocked | kPyHasParked);
}

TEST(PyMutexTest, HandOffKeepsTheMutexLockedForTheWaiter) {
  Mutex m;
  ASSERT_TRUE(PyMutexTryLock(m.p.data(), 0));
  m.Park(1);
  int woken;
  ASSERT_TRUE(PyMutexUnlock(m.p.data(), m.size(), true, &woken));
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(m.bits(), kPyLocked);  // handed off, nobody else parked
  EXPECT_EQ(m.p[kPyMutexHeld].small_int(), 1 + 1);  // held by thread 1
  EXPECT_EQ(m.p[2], PyMutexQueueEntry(1, kHandedOff));
  EXPECT_FALSE(PyMutexTryLock(m.p.data(), 3));  // no barging past a hand-off
}

TEST(PyMutexTest, HasParkedWithNobodyParkedUnlocksToZero) {
  Mutex m;
  m.p[kPyMutexHeld] = Value::SmallInt(0 + 1);  // held by thread 0
  m.p[kPyMutexHasParked] = Value::SmallInt(1);
  m.p.push_back(PyMutexQueueEntry(4, kWoken));  // woken, not yet retried
  EXPECT_EQ(PyMutexChoices(m.p.data(), m.size(), 0, kWaitUnlock), kChoiceProceed);
  int woken;
  ASSERT_TRUE(PyMutexUnlock(m.p.data(), m.size(), false, &woken));
  EXPECT_EQ(woken, -1);
  EXPECT_EQ(m.bits(), 0);
}

TEST(PyMutexScenarioTest, DoubleUnlockIsAFatalErrorThatEndsTheProcess) {
  ScenarioResult r = testing::Check("pymutex_double", R"(import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock
m = PyMutex()
def worker():
    PyMutex_Lock(m)
    PyMutex_Unlock(m)
    PyMutex_Unlock(m)
t = threading.Thread(target=worker)
t.start()
t.join()
assert False, "not reached: the process has ended"
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kUnlockNotHeld);
  EXPECT_THAT(r.bugs[0].message,
              HasSubstr("Fatal Python error: PyMutex_Unlock: unlocking mutex that is not locked"));
}

TEST(PyMutexScenarioTest, MutualExclusionHoldsThroughParkingAndHandOff) {
  ScenarioResult r = testing::Check("pymutex_counter", R"(import threading
import lockcheck.capi as capi
m = capi.PyMutex()
count = [0]
def add():
    capi.PyMutex_Lock(m)
    count[0] += 1
    capi.PyMutex_Unlock(m)
ts = [threading.Thread(target=add) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert count[0] == 3
assert not capi.PyMutex_IsLocked(m)
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(PyMutexScenarioTest, AnythingButAPyMutexIsATypeError) {
  ScenarioResult r = testing::Check("pymutex_type", R"(import threading
from lockcheck.capi import PyMutex_Lock
PyMutex_Lock(threading.Lock())
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("TypeError: PyMutex_Lock() takes one PyMutex (got lock)"));
}

}  // namespace
}  // namespace lockcheck
