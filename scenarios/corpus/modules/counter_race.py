# lockcheck: expect=assertion
"""A class imported from a module of the scenario's folder: its unlocked read-modify-write loses
an update when two threads hit the counter."""
import threading

from counter import Counter

c = Counter()
ts = [threading.Thread(target=c.hit) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert c.value == 2, c.value
