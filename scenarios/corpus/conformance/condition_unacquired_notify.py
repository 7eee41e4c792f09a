# lockcheck: expect=unlock-not-held
"""lock_tests ConditionTests.test_unacquired_notify: notify() without holding the lock raises
RuntimeError('cannot notify on un-acquired lock')."""
import threading

cond = threading.Condition()
cond.notify()
