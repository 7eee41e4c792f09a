"""submit_after_shutdown.py, waiting for the first task (and so for its submit) before the
shutdown: the follow-up task is always accepted and runs before the workers exit."""
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)


def second():
    return 2


def first():
    return pool.submit(second)


f = pool.submit(first)
inner = f.result()
pool.shutdown(wait=True)
print(inner.result())
