# lockcheck: expect=exception
"""lock_tests BarrierTests.test_reset, reduced: with two of three parties waiting, reset() makes
them raise BrokenBarrierError."""
import threading
import time

b = threading.Barrier(3)


def f():
    b.wait()


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
while b.n_waiting < 2:
    time.sleep(0)
b.reset()
for t in threads:
    t.join()
assert not b.broken
