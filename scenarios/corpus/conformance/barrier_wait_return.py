"""lock_tests BarrierTests.test_barrier and test_wait_return (3 parties, 2 passes): the indices
of each pass are a permutation of 0..2, and afterwards nobody waits and it is not broken."""
import threading

b = threading.Barrier(3)
results = []
lock = threading.Lock()


def f():
    for _ in range(2):
        i = b.wait()
        with lock:
            results.append(i)


threads = [threading.Thread(target=f) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(results) == [0, 0, 1, 1, 2, 2], results
assert b.n_waiting == 0
assert not b.broken
