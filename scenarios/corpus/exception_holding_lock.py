# lockcheck: expect=exception,deadlock
"""A worker takes a lock with acquire() and dies of an IndexError before its release(): the
lock stays locked for good, so the main thread's later acquire never returns. The exception and
the deadlock it causes are both reported."""
import threading

lock = threading.Lock()
items = []


def worker():
    lock.acquire()
    first = items[0]
    lock.release()


t = threading.Thread(target=worker)
t.start()
t.join()
with lock:
    items.append(1)
