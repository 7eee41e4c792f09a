"""lock_tests BaseLockTests.test_timeout: another thread's acquire(timeout=0.5) on a lock main
holds throughout returns False (a timed acquire on a free lock returns True at once)."""
import threading

lock = threading.Lock()
results = []


def f():
    results.append(lock.acquire(timeout=0.5))


assert lock.acquire(timeout=5)
t = threading.Thread(target=f)
t.start()
t.join()
lock.release()
assert results == [False]
