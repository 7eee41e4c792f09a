"""lock_tests BaseLockTests.test_acquire_contended (3 threads): none finishes before main
releases; afterwards each acquires and releases in turn and all finish."""
import threading

lock = threading.Lock()
finished = []


def f():
    lock.acquire()
    finished.append(1)
    lock.release()


lock.acquire()
threads = [threading.Thread(target=f) for _ in range(3)]
for t in threads:
    t.start()
assert finished == []
lock.release()
for t in threads:
    t.join()
assert len(finished) == 3
