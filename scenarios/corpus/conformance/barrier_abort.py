# lockcheck: expect=exception
"""lock_tests BarrierTests.test_abort (2 parties): after abort(), a waiting thread gets
BrokenBarrierError and the barrier reports broken."""
import threading

b = threading.Barrier(2)


def f():
    b.wait()


t = threading.Thread(target=f)
t.start()
b.abort()
t.join()
assert b.broken
