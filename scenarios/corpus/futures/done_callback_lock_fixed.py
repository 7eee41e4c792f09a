"""done_callback_lock.py with the callback added after the lock is released: called at once or
by the worker, it never waits for a lock its own thread holds."""
import threading
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()
log = []


def cube(x):
    return x * x * x


def record(fut):
    with lock:
        log.append(fut.result())


with ThreadPoolExecutor(max_workers=1) as pool:
    with lock:
        f = pool.submit(cube, 2)
        assert f.result() == 8
    f.add_done_callback(record)
assert log == [8]
