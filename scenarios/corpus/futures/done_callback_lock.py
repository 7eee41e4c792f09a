# lockcheck: expect=deadlock
"""The submitter holds a lock while it adds a done-callback that takes the same lock. When the
task has already finished, add_done_callback() calls the callback at once in the submitter,
which then waits for the lock it holds. (When the task is still running, the worker calls the
callback after set_result() has released the future's condition: result() returns, the lock is
released and the callback goes on. Only the first case deadlocks.)"""
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
        f.add_done_callback(record)
        assert f.result() == 8
assert log == [8]
