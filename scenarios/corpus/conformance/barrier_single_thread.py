"""lock_tests BarrierTests.test_single_thread: Barrier(1).wait() returns at once, twice."""
import threading

b = threading.Barrier(1)
assert b.wait() == 0
assert b.wait() == 0
