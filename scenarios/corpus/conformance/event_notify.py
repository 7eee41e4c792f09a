"""lock_tests EventTests.test_notify (2 threads): each waits twice; every wait returns True once
set() has run, and none returns before it."""
import threading

e = threading.Event()
results = []


def f():
    r1 = e.wait()
    r2 = e.wait()
    results.append((r1, r2))


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
assert results == []
e.set()
for t in threads:
    t.join()
assert results == [(True, True), (True, True)]
