# lockcheck: expect=unlock-not-held
"""lock_tests BoundedSemaphoreTests.test_release_unacquired: BoundedSemaphore().release() raises
ValueError('Semaphore released too many times')."""
import threading

sem = threading.BoundedSemaphore()
sem.release()
