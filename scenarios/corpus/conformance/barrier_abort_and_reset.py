# lockcheck: expect=exception
"""lock_tests BarrierTests.test_abort_and_reset, reduced: a waiter gets BrokenBarrierError after
abort(); reset() then repairs the barrier and two fresh parties pass it."""
import threading

b = threading.Barrier(2)


def f():
    b.wait()


t = threading.Thread(target=f)
t.start()
b.abort()
t.join()
assert b.broken
b.reset()
assert not b.broken
results = []


def g():
    results.append(b.wait())


t1 = threading.Thread(target=g)
t2 = threading.Thread(target=g)
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(results) == [0, 1]
