"""wait_first_completed.py, asserting only what FIRST_COMPLETED promises: at least one future
is done, and the two sets hold the futures between them."""
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def task(n):
    return n


with ThreadPoolExecutor(max_workers=2) as pool:
    fa = pool.submit(task, 1)
    fb = pool.submit(task, 2)
    done, not_done = wait([fa, fb], return_when=FIRST_COMPLETED)
    assert len(done) >= 1
    assert done | not_done == {fa, fb}
    assert sorted(f.result() for f in done) in ([1], [2], [1, 2])
