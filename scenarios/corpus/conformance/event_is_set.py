"""lock_tests EventTests.test_is_set."""
import threading

e = threading.Event()
assert not e.is_set()
e.set()
assert e.is_set()
e.set()
assert e.is_set()
e.clear()
assert not e.is_set()
e.clear()
assert not e.is_set()
