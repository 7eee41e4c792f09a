# lockcheck: expect=deadlock
"""A task waits for the result of another task it submitted to its own pool. With one worker
the inner task stays queued behind the outer one for ever: the pool deadlocks (under python3
too: it hangs)."""
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=1)


def inner():
    return 1


def outer():
    f = pool.submit(inner)
    return f.result() + 1


f = pool.submit(outer)
assert f.result() == 2
pool.shutdown()
