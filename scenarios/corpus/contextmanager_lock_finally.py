# lockcheck: expect=pass
"""The fix of contextmanager_lock_leak.py: the helper releases the lock in a `finally`, so the
exception contextlib throws in at the `yield` releases it on its way out, and the other worker
gets the lock."""
import threading
from contextlib import contextmanager

lock = threading.Lock()
done = []


@contextmanager
def locked(l):
    l.acquire()
    try:
        yield l
    finally:
        l.release()


def worker(n):
    try:
        with locked(lock):
            if n == 1:
                raise ValueError("bad item")
            done.append(n)
    except ValueError:
        pass


threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert done == [2], done
print(done)
