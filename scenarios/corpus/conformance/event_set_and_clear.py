# lockcheck: expect=deadlock
"""lock_tests EventTests.test_set_and_clear relies on timing: the waiters are blocked (after a
sleep) before main calls set() and then clear(), and then all return True. With no clock that
ordering is not guaranteed: a waiter that arrives after clear() waits forever. That deadlock is
the only finding; every waiter that was waiting when set() ran returns True (asserted)."""
import threading

e = threading.Event()
results = []


def f():
    results.append(e.wait())


t = threading.Thread(target=f)
t.start()
e.set()
e.clear()
t.join()
assert results == [True]
