# lockcheck: expect=exception
"""lock_tests BarrierTests (action that fails): the last thread to arrive runs the action, which
raises (ZeroDivisionError, in that thread); the barrier breaks and the other waiter gets
BrokenBarrierError. Both are uncaught exceptions; nobody waits forever."""
import threading


def action():
    return 1 // 0


b = threading.Barrier(2, action)


def f():
    b.wait()


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert b.broken
