# lockcheck: expect=assertion
"""A cache filled by check-then-act: both threads can find the key missing and both build the
value, so the "built once" count reaches 2."""
import threading

cache = {}
built = []


def get(key):
    if key not in cache:
        built.append(key)
        cache[key] = key * 2
    return cache[key]


ts = [threading.Thread(target=get, args=("k",)) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert len(built) == 1, f"built {len(built)} times"
