"""The fix for condition_if_not_while.py: wait in a loop that rechecks the predicate."""
import threading

cond = threading.Condition()
items = []


def consumer():
    with cond:
        while not items:
            cond.wait()
        items.pop()


def producer():
    with cond:
        items.append(1)
        cond.notify_all()
    with cond:
        items.append(2)
        cond.notify_all()


threads = [threading.Thread(target=consumer) for _ in range(2)]
for t in threads:
    t.start()
p = threading.Thread(target=producer)
p.start()
p.join()
for t in threads:
    t.join()
assert items == []
