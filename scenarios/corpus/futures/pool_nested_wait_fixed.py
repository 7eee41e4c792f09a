"""The nested wait of pool_nested_wait.py with two workers: the outer task occupies one, the
inner task gets the second (no worker is idle when it is submitted, so the pool starts one)."""
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)


def inner():
    return 1


def outer():
    f = pool.submit(inner)
    return f.result() + 1


f = pool.submit(outer)
assert f.result() == 2
pool.shutdown()
