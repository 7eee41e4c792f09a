"""lock_tests SemaphoreTests.test_release_unacquired: releasing an unacquired Semaphore is
allowed and adds a unit."""
import threading

sem = threading.Semaphore(1)
sem.release()
assert sem.acquire(False)
assert sem.acquire(False)
assert not sem.acquire(False)
