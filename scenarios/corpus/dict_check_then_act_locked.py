"""The cache of `dict_check_then_act.py` with the check and the insert in one critical section."""
import threading

cache_lock = threading.Lock()
cache = {}
built = []


def get(key):
    with cache_lock:
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
