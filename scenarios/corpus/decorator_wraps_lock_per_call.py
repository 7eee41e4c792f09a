# lockcheck: expect=assertion
"""A general @synchronized decorator, written as people write one (functools.wraps, *args and
**kwargs), that makes a new Lock inside the wrapper: every call holds a lock of its own, so the
two threads' read-modify-write of the counter still interleave and an update is lost. The fix,
decorator_wraps_lock_shared.py, makes the lock once per decorated function."""
import functools
import threading


def synchronized(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        lock = threading.Lock()
        with lock:
            return fn(*args, **kwargs)
    return wrapper


counts = {"hits": 0}


@synchronized
def hit(key, *, by=1):
    counts[key] = counts[key] + by


threads = [threading.Thread(target=hit, args=("hits",), kwargs={"by": n}) for n in (1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counts["hits"] == 3, counts
print(hit.__name__, counts)
