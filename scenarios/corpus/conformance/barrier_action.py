"""lock_tests BarrierTests.test_action: the action runs exactly once, before any thread returns
from wait()."""
import threading

ran = []


def action():
    ran.append(1)


b = threading.Barrier(2, action)
seen = []


def f():
    b.wait()
    seen.append(len(ran))


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert ran == [1]
assert seen == [1, 1]
