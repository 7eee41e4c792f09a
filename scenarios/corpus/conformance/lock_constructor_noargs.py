# lockcheck: expect=exception
"""lock_tests BaseLockTests.test_constructor_noargs: Lock(1) raises TypeError('lock() takes no
positional arguments')."""
import threading

threading.Lock(1)
