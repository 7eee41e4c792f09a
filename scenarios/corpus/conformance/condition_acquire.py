"""lock_tests ConditionTests.test_acquire: Condition() is reentrant; Condition(lock) acquires and
releases `lock` itself."""
import threading

cond = threading.Condition()
cond.acquire()
cond.acquire()
cond.release()
cond.release()
lock = threading.Lock()
cond = threading.Condition(lock)
cond.acquire()
assert not lock.acquire(False)
cond.release()
assert lock.acquire(False)
assert not cond.acquire(False)
lock.release()
with cond:
    assert not lock.acquire(False)
