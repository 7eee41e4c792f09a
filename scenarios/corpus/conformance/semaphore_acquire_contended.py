"""lock_tests BaseSemaphoreTests.test_acquire_contended, reduced: Semaphore(3) with one unit held
by main; three threads each acquire once: exactly two get through before main releases; after
the release the third does; every acquire() returns True."""
import threading
import time

sem = threading.Semaphore(3)
sem.acquire()
results = []
lock = threading.Lock()


def f():
    r = sem.acquire()
    with lock:
        results.append(r)


threads = [threading.Thread(target=f) for _ in range(3)]
for t in threads:
    t.start()
while True:
    with lock:
        if len(results) >= 2:
            assert len(results) == 2, "more units taken than the semaphore had"
            break
    time.sleep(0)
sem.release()
for t in threads:
    t.join()
assert results == [True, True, True]
