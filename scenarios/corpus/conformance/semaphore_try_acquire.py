"""lock_tests BaseSemaphoreTests.test_try_acquire and test_acquire_timeout: Semaphore(2) gives
two units without blocking, then returns False; a release makes one available again."""
import threading

sem = threading.Semaphore(2)
assert sem.acquire(False)
assert sem.acquire(timeout=0.005)
assert not sem.acquire(False)
assert not sem.acquire(timeout=0.005)
sem.release()
assert sem.acquire(False)
