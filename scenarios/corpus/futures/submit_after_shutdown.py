# lockcheck: expect=exception
"""A task submits a follow-up task to its pool while the main thread shuts the pool down: when
the shutdown comes first, submit() raises RuntimeError('cannot schedule new futures after
shutdown') in the task, and the main thread's result() raises it again."""
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=2)


def second():
    return 2


def first():
    return pool.submit(second)


f = pool.submit(first)
pool.shutdown(wait=True)
print(f.result().result())
