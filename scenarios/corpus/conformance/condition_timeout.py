"""lock_tests ConditionTests.test_timeout: with no notify, wait(0.5) returns False (no
spurious wake-up)."""
import threading

cond = threading.Condition()
results = []


def f():
    with cond:
        results.append(cond.wait(0.5))


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert results == [False, False]
