# lockcheck: expect=pass
"""The fix of decorator_wraps_lock_per_call.py: the decorator makes one Lock that the wrapper's
closure shares between all calls, so the updates are serialised. functools.wraps keeps the
function's name, which the threads' default names show."""
import functools
import threading


def synchronized(fn):
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
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
assert threads[0].name.endswith("(hit)"), threads[0].name
print(hit.__name__, counts)
