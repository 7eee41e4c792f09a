# lockcheck: expect=deadlock,livelock,starvation expect-strong=deadlock,livelock
"""Two producers and a consumer share a one-item buffer under one Condition, forever, and each
wakes a single waiter with notify(). That waiter may be another producer: then all three wait
(deadlock). The program never ends (livelock). And Python's lock is not fair, so a producer can
starve at two places: at `with cond:`, never getting the lock, and in `cond.wait()`, notified
but never getting the lock back: two starvation findings, one per place. A regression
scenario of the fair-cycle check, which once kept one cycle per set of starving threads and so
could report one place only (with the reduction on, it did)."""
import threading

cond = threading.Condition()
items = []


def consumer():
    while True:
        with cond:
            while len(items) == 0:
                cond.wait()
            items.pop()
            cond.notify()


def producer():
    while True:
        with cond:
            while len(items) == 1:
                cond.wait()
            items.append(1)
            cond.notify()


threads = [threading.Thread(target=producer), threading.Thread(target=producer),
           threading.Thread(target=consumer)]
for t in threads:
    t.start()
