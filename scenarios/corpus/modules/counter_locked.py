# lockcheck: expect=pass
"""The fix of counter_race.py: the module's locked method."""
import threading

from counter import Counter

c = Counter()
ts = [threading.Thread(target=c.hit_locked) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert c.value == 2, c.value
