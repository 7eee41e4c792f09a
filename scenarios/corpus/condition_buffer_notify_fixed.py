"""The fix for condition_buffer_notify.py: notify_all() wakes every waiter, so the one that can
go on is among them, and each thread does a bounded amount of work (a producer puts one item,
the consumer takes two), so the program ends and no thread can be kept waiting forever."""
import threading

cond = threading.Condition()
items = []


def consumer():
    for _ in range(2):
        with cond:
            while len(items) == 0:
                cond.wait()
            items.pop()
            cond.notify_all()


def producer():
    with cond:
        while len(items) == 1:
            cond.wait()
        items.append(1)
        cond.notify_all()


threads = [threading.Thread(target=producer), threading.Thread(target=producer),
           threading.Thread(target=consumer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(items) == 0
