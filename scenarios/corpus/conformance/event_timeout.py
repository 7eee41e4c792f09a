"""lock_tests EventTests.test_timeout: wait(0.0) returns False while clear, and a timed wait
either sees the set() (True) or times out (False); after set() both forms return True."""
import threading

e = threading.Event()
results = []


def f():
    results.append(e.wait(0.0))
    results.append(e.wait(0.5))


t = threading.Thread(target=f)
t.start()
t.join()
assert results == [False, False]
e.set()
assert e.wait(0.0)
assert e.wait(0.5)
