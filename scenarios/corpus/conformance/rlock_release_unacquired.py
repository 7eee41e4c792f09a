# lockcheck: expect=unlock-not-held
"""lock_tests RLockTests.test_release_unacquired: release() of a fresh RLock raises
RuntimeError('cannot release un-acquired lock')."""
import threading

lock = threading.RLock()
lock.release()
