# lockcheck: expect=exception
"""lock_tests BaseLockTests.test_timeout: acquire(False, 1) raises ValueError("can't specify a
timeout for a non-blocking call")."""
import threading

lock = threading.Lock()
lock.acquire(False, 1)
