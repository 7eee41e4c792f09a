"""`set_seen_items.py` with the test and the add under one lock: each item is processed once."""
import threading

seen_lock = threading.Lock()
seen = set()
processed = []


def worker(items):
    for item in items:
        with seen_lock:
            new = item not in seen
            seen.add(item)
        if new:
            processed.append(item)


t1 = threading.Thread(target=worker, args=([1, 2],))
t2 = threading.Thread(target=worker, args=([2, 3],))
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(processed) == [1, 2, 3], processed
assert seen == {1, 2, 3}
