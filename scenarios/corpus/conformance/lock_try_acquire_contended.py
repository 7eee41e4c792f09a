"""lock_tests BaseLockTests.test_try_acquire_contended: while main holds the lock, another
thread's acquire(False) returns False, in every interleaving."""
import threading

lock = threading.Lock()
results = []


def f():
    results.append(lock.acquire(False))


lock.acquire()
t = threading.Thread(target=f)
t.start()
t.join()
lock.release()
assert results == [False]
