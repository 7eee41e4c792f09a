# lockcheck: expect=exception
"""The same worker as exception_holding_lock.py, holding the lock with `with`: the IndexError
still escapes the thread, but leaving the `with` block releases the lock, so the main thread
goes on. Only the exception is reported."""
import threading

lock = threading.Lock()
items = []


def worker():
    with lock:
        first = items[0]


t = threading.Thread(target=worker)
t.start()
t.join()
with lock:
    items.append(1)
assert items == [1]
