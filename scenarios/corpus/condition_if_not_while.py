# lockcheck: expect=exception
"""`if` instead of `while` around wait(): two consumers, one item. A consumer woken by
notify_all() finds the item already taken by the other and pops from an empty list
(IndexError)."""
import threading

cond = threading.Condition()
items = []


def consumer():
    with cond:
        if not items:
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
