# lockcheck: expect=assertion
"""Two tasks of a `with ThreadPoolExecutor` block add to a global total without a lock; the
results are collected with as_completed. The unlocked `total += n` can lose an update."""
from concurrent.futures import ThreadPoolExecutor, as_completed

total = 0


def work(n):
    global total
    total += n
    return n * n


with ThreadPoolExecutor(max_workers=2) as pool:
    fs = [pool.submit(work, n) for n in (1, 2)]
    results = sorted(f.result() for f in as_completed(fs))
assert results == [1, 4], results
assert total == 3, total
