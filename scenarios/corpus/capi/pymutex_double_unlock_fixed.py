"""pymutex_double_unlock.py with one unlock per lock: the mutex is unlocked exactly once."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock, PyMutex_IsLocked

m = PyMutex()
items = []


def worker():
    PyMutex_Lock(m)
    items.append(1)
    PyMutex_Unlock(m)


t = threading.Thread(target=worker)
t.start()
t.join()
assert not PyMutex_IsLocked(m)
print(items)
