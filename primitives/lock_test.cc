#include "primitives/lock.h"

#include "gtest/gtest.h"
#include "primitives/rlock.h"
#include "primitives/thread.h"

namespace lockcheck {
namespace {

TEST(LockTest, BlockingAcquireWaitsForRelease) {
  LockState lock;
  EXPECT_EQ(LockAcquireChoices(lock, AcquireMode::kBlocking), kChoiceProceed);
  EXPECT_TRUE(LockAcquire(lock, 1, AcquireMode::kBlocking, kChoiceProceed));
  EXPECT_EQ(lock.holder, 1);
  EXPECT_EQ(LockAcquireChoices(lock, AcquireMode::kBlocking), 0u);
  EXPECT_TRUE(LockRelease(lock));
  EXPECT_EQ(LockAcquireChoices(lock, AcquireMode::kBlocking), kChoiceProceed);
}

TEST(LockTest, NonBlockingAcquireOnHeldLockReturnsFalse) {
  LockState lock{true, 2};
  EXPECT_EQ(LockAcquireChoices(lock, AcquireMode::kNonBlocking), kChoiceProceed);
  EXPECT_FALSE(LockAcquire(lock, 1, AcquireMode::kNonBlocking, kChoiceProceed));
  EXPECT_EQ(lock.holder, 2);
}

TEST(LockTest, TimedAcquireMayTimeOutOnlyWhileHeld) {
  LockState lock;
  EXPECT_EQ(LockAcquireChoices(lock, AcquireMode::kTimed), kChoiceProceed);
  lock.locked = true;
  EXPECT_EQ(LockAcquireChoices(lock, AcquireMode::kTimed), kChoiceTimeout);
  EXPECT_FALSE(LockAcquire(lock, 1, AcquireMode::kTimed, kChoiceTimeout));
  EXPECT_TRUE(lock.locked);
}

TEST(LockTest, ReleaseOfUnlockedLockFails) {
  LockState lock;
  EXPECT_FALSE(LockRelease(lock));
  EXPECT_EQ(kReleaseUnlocked, "release unlocked lock");
}

TEST(RLockTest, OwnerReacquiresWithoutBlocking) {
  RLockState lock;
  EXPECT_TRUE(RLockAcquire(lock, 1, AcquireMode::kBlocking, kChoiceProceed));
  EXPECT_EQ(RLockAcquireChoices(lock, 1, AcquireMode::kBlocking), kChoiceProceed);
  EXPECT_TRUE(RLockAcquire(lock, 1, AcquireMode::kNonBlocking, kChoiceProceed));
  EXPECT_EQ(lock.count, 2);
  EXPECT_EQ(RLockAcquireChoices(lock, 2, AcquireMode::kBlocking), 0u);
  EXPECT_EQ(RLockAcquireChoices(lock, 2, AcquireMode::kTimed), kChoiceTimeout);
}

TEST(RLockTest, ReleaseByNonOwnerFails) {
  RLockState lock;
  EXPECT_FALSE(RLockRelease(lock, 1));
  RLockAcquire(lock, 1, AcquireMode::kBlocking, kChoiceProceed);
  EXPECT_FALSE(RLockRelease(lock, 2));
  EXPECT_TRUE(RLockRelease(lock, 1));
  EXPECT_EQ(lock.owner, -1);
  EXPECT_EQ(kReleaseUnacquired, "cannot release un-acquired lock");
}

TEST(ThreadNamesTest, FollowCPython) {
  EXPECT_EQ(DefaultThreadName(1, "worker"), "Thread-1 (worker)");
  EXPECT_EQ(DefaultThreadName(2, ""), "Thread-2");
  EXPECT_EQ(DummyThreadName(1), "Dummy-1");
}

}  // namespace
}  // namespace lockcheck
