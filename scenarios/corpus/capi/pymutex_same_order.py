"""pymutex_opposite_order.py with one order (a, then b) in both threads: no wait cycle."""
import threading
import lockcheck.capi

a = lockcheck.capi.PyMutex()
b = lockcheck.capi.PyMutex()


def worker():
    lockcheck.capi.PyMutex_Lock(a)
    lockcheck.capi.PyMutex_Lock(b)
    lockcheck.capi.PyMutex_Unlock(b)
    lockcheck.capi.PyMutex_Unlock(a)


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
