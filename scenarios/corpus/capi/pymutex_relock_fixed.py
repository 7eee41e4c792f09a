"""pymutex_relock.py with the helper called without the mutex held: each call locks it once."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock

m = PyMutex()
total = [0]


def add(n):
    PyMutex_Lock(m)
    total[0] += n
    PyMutex_Unlock(m)


def add_twice(n):
    add(n)
    add(n)


t1 = threading.Thread(target=add_twice, args=(1,))
t2 = threading.Thread(target=add_twice, args=(2,))
t1.start()
t2.start()
t1.join()
t2.join()
assert total[0] == 6, total
print(total[0])
