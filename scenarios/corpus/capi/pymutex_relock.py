# lockcheck: expect=deadlock
"""A PyMutex is not reentrant: a helper locks the mutex its caller already holds, and the thread
parks on itself forever."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock

m = PyMutex()
total = [0]


def add(n):
    PyMutex_Lock(m)
    total[0] += n
    PyMutex_Unlock(m)


def add_twice(n):
    PyMutex_Lock(m)
    add(n)  # locks m again
    add(n)
    PyMutex_Unlock(m)


t = threading.Thread(target=add_twice, args=(1,))
t.start()
t.join()
