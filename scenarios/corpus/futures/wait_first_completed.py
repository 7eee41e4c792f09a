# lockcheck: expect=assertion
"""wait(return_when=FIRST_COMPLETED) returns when one of the two tasks is done, but either may
finish first: assuming it is the first one submitted fails in some interleaving."""
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait


def task(n):
    return n


with ThreadPoolExecutor(max_workers=2) as pool:
    fa = pool.submit(task, 1)
    fb = pool.submit(task, 2)
    done, not_done = wait([fa, fb], return_when=FIRST_COMPLETED)
    assert fa in done
