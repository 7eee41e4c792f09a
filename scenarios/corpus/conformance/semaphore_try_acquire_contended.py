"""lock_tests BaseSemaphoreTests.test_try_acquire_contended, reduced: Semaphore(2) with one unit
held by main; two threads each try twice without blocking: exactly one try succeeds."""
import threading

sem = threading.Semaphore(2)
sem.acquire()
results = []
lock = threading.Lock()


def f():
    a = sem.acquire(False)
    b = sem.acquire(False)
    with lock:
        results.append(a)
        results.append(b)


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(results) == [False, False, False, True], results
