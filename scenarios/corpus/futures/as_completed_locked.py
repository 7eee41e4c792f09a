"""as_completed_race.py with the total under a lock: every interleaving adds both."""
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

lock = threading.Lock()
total = 0


def work(n):
    global total
    with lock:
        total += n
    return n * n


with ThreadPoolExecutor(max_workers=2) as pool:
    fs = [pool.submit(work, n) for n in (1, 2)]
    results = sorted(f.result() for f in as_completed(fs))
assert results == [1, 4], results
assert total == 3, total
