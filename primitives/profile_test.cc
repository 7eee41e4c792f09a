// --profile cpython-3.13: threading.Lock on PyMutex's algorithm (primitives/profile.h).
#include "primitives/profile.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "primitives/pymutex.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<OptionSetting> kCPython313 = {{"profile", "cpython-3.13"}};

std::vector<BugKind> Kinds(const ScenarioResult& r) {
  std::vector<BugKind> kinds;
  for (const Bug& b : r.bugs) kinds.push_back(b.kind);
  return kinds;
}

bool TraceHasOutcome(const Bug& b, const std::string& outcome) {
  for (const TraceStep& s : b.trace)
    if (s.outcome == outcome) return true;
  return false;
}

TEST(ProfileTest, NamesRoundTrip) {
  for (Profile p : kProfiles) EXPECT_EQ(ProfileFromName(ProfileName(p)), p);
  EXPECT_EQ(ProfileFromName("cpython-3.12"), std::nullopt);
  CheckOptions o;
  EXPECT_FALSE(SetOption(o, "profile", "3.13").ok());
  EXPECT_EQ(o.profile, Profile::kLanguage);
  EXPECT_TRUE(SetOption(o, "profile", "cpython-3.13").ok());
  EXPECT_EQ(o.profile, Profile::kCPython313);
}

TEST(ProfileTest, BargingLockStarvesUnderTheLanguageButHandsOffUnderCPython313) {
  ScenarioResult language = testing::CheckCorpus("starvation_barging.py");
  EXPECT_THAT(Kinds(language), ElementsAre(BugKind::kStarvation));
  EXPECT_EQ(language.profile, "language");
  ScenarioResult cpython = testing::CheckCorpus("starvation_barging.py", kCPython313);
  EXPECT_THAT(cpython.bugs, IsEmpty());
  EXPECT_THAT(cpython.errors, IsEmpty());
  EXPECT_TRUE(cpython.stats.complete);
  EXPECT_EQ(cpython.profile, "cpython-3.13");
}

TEST(ProfileTest, RLockIsNotAPyMutexIn313AndStillStarves) {
  ScenarioResult r = testing::CheckCorpus("starvation_barging_rlock.py", kCPython313);
  EXPECT_THAT(Kinds(r), ElementsAre(BugKind::kStarvation));
}

TEST(ProfileTest, AParkedAcquireIsAStepAndADeadlockStaysADeadlock) {
  ScenarioResult r = testing::Check("parked_deadlock", R"(import threading
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
)", kCPython313);
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kDeadlock, BugKind::kLockOrder));
  EXPECT_TRUE(TraceHasOutcome(r.bugs[0], "parked (the lock is held)"));
  EXPECT_EQ(r.stats.reduced_states, 0u);  // the reduction stays off under the profile
}

TEST(ProfileTest, FifoParkingStillLetsEitherThreadGoFirst) {
  // Which thread parks first is the schedule's choice, and a thread may barge in after the
  // release: both orders stay reachable.
  ScenarioResult r = testing::Check("either_first", R"(import threading
lock = threading.Lock()
order = []
def take(name):
    with lock:
        order.append(name)
lock.acquire()
t1 = threading.Thread(target=take, args=("one",))
t2 = threading.Thread(target=take, args=("two",))
t1.start()
t2.start()
lock.release()
t1.join()
t2.join()
assert order == ["one", "two"], order
)", kCPython313);
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kAssertion));
  EXPECT_THAT(r.bugs[0].message, ::testing::HasSubstr("['two', 'one']"));
}

TEST(ProfileTest, MutualExclusionHoldsThroughParking) {
  ScenarioResult r = testing::Check("mutex_313", R"(import threading
lock = threading.Lock()
count = 0
def add():
    global count
    for _ in range(2):
        with lock:
            n = count
            count = n + 1
ts = [threading.Thread(target=add) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert count == 6
assert not lock.locked()
)", kCPython313);
  EXPECT_THAT(r.bugs, IsEmpty());
  EXPECT_THAT(r.errors, IsEmpty());
}

TEST(ProfileTest, ATimedAcquireMayTimeOutWhileParkedOrGetTheLock) {
  std::string text = R"(import threading
lock = threading.Lock()
got = []
def try_it():
    got.append(lock.acquire(timeout=0.5))
lock.acquire()
t = threading.Thread(target=try_it)
t.start()
lock.release()
t.join()
assert got == [WANT]
)";
  auto with = [&](const std::string& want) {
    std::string s = text;
    s.replace(s.find("WANT"), 4, want);
    return testing::Check("timed_" + want, s, kCPython313);
  };
  // Both outcomes are reachable: each assertion fails on some schedule.
  EXPECT_THAT(Kinds(with("True")), ElementsAre(BugKind::kAssertion));
  EXPECT_THAT(Kinds(with("False")), ElementsAre(BugKind::kAssertion));
}

TEST(ProfileTest, ANonBlockingAcquireNeverParks) {
  ScenarioResult r = testing::Check("nonblocking_313", R"(import threading
lock = threading.Lock()
lock.acquire()
def probe():
    assert not lock.acquire(False)
    assert not lock.acquire(timeout=0)
t = threading.Thread(target=probe)
t.start()
t.join()
lock.release()
assert lock.acquire(False)
)", kCPython313);
  EXPECT_THAT(r.bugs, IsEmpty());
  EXPECT_THAT(r.errors, IsEmpty());
}

TEST(ProfileTest, ReleaseOfAnUnlockedLockIsStillARuntimeError) {
  ScenarioResult r = testing::Check("release_unlocked_313", R"(import threading
lock = threading.Lock()
lock.release()
)", kCPython313);
  ASSERT_THAT(Kinds(r), ElementsAre(BugKind::kUnlockNotHeld));
  EXPECT_THAT(r.bugs[0].message, ::testing::HasSubstr("release unlocked lock"));
}

TEST(ProfileTest, PragmaSetsTheProfileAndItsExpectation) {
  // starvation_barging.py declares expect=starvation expect-cpython-3.13=pass; the pragma
  // line added before it sets the profile.
  std::ifstream in(std::string(LOCKCHECK_SOURCE_DIR) + "/scenarios/corpus/starvation_barging.py");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  ScenarioResult r = testing::Check("pragma_313", "# lockcheck: profile=cpython-3.13\n" + text);
  EXPECT_THAT(r.bugs, IsEmpty());
  EXPECT_THAT(r.expected, IsEmpty());
  EXPECT_TRUE(r.matched_expectation);
  EXPECT_EQ(r.profile, "cpython-3.13");
}

TEST(ProfileTest, ParkingLockChoices) {
  // Held by thread 0 (word 0: holder + 1), thread 1 parked, thread 2 woken.
  std::vector<Value> p{Value::SmallInt(1), Value::SmallInt(1), PyMutexQueueEntry(1, kParked),
                       PyMutexQueueEntry(2, kWoken)};
  uint32_t n = static_cast<uint32_t>(p.size());
  EXPECT_EQ(ParkingLockChoices(p.data(), n, 1, AcquireMode::kBlocking), 0u);
  EXPECT_EQ(ParkingLockChoices(p.data(), n, 1, AcquireMode::kTimed), kChoiceTimeout);
  EXPECT_EQ(ParkingLockChoices(p.data(), n, 2, AcquireMode::kBlocking), kChoiceProceed);
  EXPECT_EQ(ParkingLockChoices(p.data(), n, 3, AcquireMode::kNonBlocking), kChoiceProceed);
  EXPECT_EQ(PyMutexBits(p.data()), kPyLocked | kPyHasParked);
}

}  // namespace
}  // namespace lockcheck
