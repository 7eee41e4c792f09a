# lockcheck: expect=exception
"""lock_tests BarrierTests.test_default_timeout: Barrier(2, timeout=0.1) and one thread waiting
alone: its wait() raises BrokenBarrierError."""
import threading

b = threading.Barrier(2, timeout=0.1)


def f():
    b.wait()


t = threading.Thread(target=f)
t.start()
t.join()
