# lockcheck: expect=exception
"""lock_tests BaseLockTests.test_with: an exception inside `with lock:` propagates (TypeError,
the only bug) and the lock is released on the way out, so another thread can take it: no
deadlock."""
import threading

lock = threading.Lock()


def fails():
    with lock:
        x = 1 + "a"


def later():
    with lock:
        pass


t1 = threading.Thread(target=fails)
t1.start()
t1.join()
t2 = threading.Thread(target=later)
t2.start()
t2.join()
assert not lock.locked()
