# lockcheck: expect=pass
"""The fix of random_eviction_race.py: the reader checks and reads under the lock the evictor
deletes under, so whichever key the draw picks, "b" is either there for the whole read or gone
before the check."""
import random
import threading

lock = threading.Lock()
cache = {"a": 1, "b": 2, "c": 3}
seen = []


def reader():
    with lock:
        if "b" in cache:
            seen.append(cache["b"])


def evictor():
    victim = random.choice(("a", "b", "c"))
    with lock:
        del cache[victim]


threads = [threading.Thread(target=reader), threading.Thread(target=evictor)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(cache) == 2
assert seen == [] or seen == [2]
