# lockcheck: expect=deadlock
"""notify() where notify_all() is needed: two threads wait for the same flag, the setter wakes
only one, and the other waits forever."""
import threading

cond = threading.Condition()
go = [False]


def waiter():
    with cond:
        while not go[0]:
            cond.wait()


threads = [threading.Thread(target=waiter) for _ in range(2)]
for t in threads:
    t.start()
with cond:
    go[0] = True
    cond.notify()
for t in threads:
    t.join()
