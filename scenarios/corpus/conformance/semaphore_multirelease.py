"""lock_tests BaseSemaphoreTests.test_multirelease, reduced: release(2) lets two blocked
acquirers through."""
import threading

sem = threading.Semaphore(0)
got = []
lock = threading.Lock()


def f():
    sem.acquire()
    with lock:
        got.append(1)


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
sem.release(2)
for t in threads:
    t.join()
assert got == [1, 1]
assert not sem.acquire(False)
