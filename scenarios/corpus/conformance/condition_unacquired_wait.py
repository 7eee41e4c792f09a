# lockcheck: expect=unlock-not-held
"""lock_tests ConditionTests.test_unacquired_wait: wait() without holding the lock raises
RuntimeError('cannot wait on un-acquired lock')."""
import threading

cond = threading.Condition()
cond.wait()
