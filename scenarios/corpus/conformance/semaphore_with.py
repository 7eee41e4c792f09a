"""lock_tests BaseSemaphoreTests.test_with: nested `with sem:` on Semaphore(2); inside the outer
block one more unit can be taken (and given back), inside the inner block none."""
import threading

sem = threading.Semaphore(2)
with sem:
    assert sem.acquire(False)
    sem.release()
    with sem:
        assert not sem.acquire(False)
assert sem.acquire(False)
assert sem.acquire(False)
