"""lock_tests LockTests.test_state_after_timeout: after a timed-out acquire and a release, the
lock is unlocked and acquire(blocking=False) succeeds."""
import threading

lock = threading.Lock()
lock.acquire()
assert not lock.acquire(timeout=0.01)
lock.release()
assert not lock.locked()
assert lock.acquire(blocking=False)
