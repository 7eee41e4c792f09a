# lockcheck: expect=deadlock
"""A @contextmanager lock helper that releases the lock after its `yield` but not in a
`finally`: when the with body raises, contextlib throws the exception into the generator at
the yield, the release below it never runs, and the lock stays held by a thread that goes on
(it catches its own error). The other worker then waits for the lock forever. The fix,
contextmanager_lock_finally.py, releases in a `finally`."""
import threading
from contextlib import contextmanager

lock = threading.Lock()
done = []


@contextmanager
def locked(l):
    l.acquire()
    yield l
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
print(done)
