# lockcheck: expect=exception
"""lock_tests BaseSemaphoreTests.test_constructor: Semaphore(-1) raises ValueError."""
import threading

threading.Semaphore(-1)
