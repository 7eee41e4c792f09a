"""The fix for condition_notify_one.py: notify_all() wakes every waiter."""
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
    cond.notify_all()
for t in threads:
    t.join()
