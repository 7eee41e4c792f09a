# lockcheck: expect=unlock-not-held
"""A worker unlocks the PyMutex it locked, then unlocks it again on its error path. Unlocking an
unlocked PyMutex is CPython's fatal error "unlocking mutex that is not locked": the process
ends there, so the main thread's print never runs."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock

m = PyMutex()
items = []


def worker():
    PyMutex_Lock(m)
    items.append(1)
    PyMutex_Unlock(m)
    if len(items) > 0:  # the "cleanup" path unlocks once more
        PyMutex_Unlock(m)


t = threading.Thread(target=worker)
t.start()
t.join()
print(items)
