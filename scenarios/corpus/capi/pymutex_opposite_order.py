# lockcheck: expect=deadlock
"""Two PyMutexes taken in opposite orders by two threads: each can hold one and park on the
other, and a parked thread is woken only by an unlock of its mutex."""
import threading
import lockcheck.capi

a = lockcheck.capi.PyMutex()
b = lockcheck.capi.PyMutex()


def one():
    lockcheck.capi.PyMutex_Lock(a)
    lockcheck.capi.PyMutex_Lock(b)
    lockcheck.capi.PyMutex_Unlock(b)
    lockcheck.capi.PyMutex_Unlock(a)


def two():
    lockcheck.capi.PyMutex_Lock(b)
    lockcheck.capi.PyMutex_Lock(a)
    lockcheck.capi.PyMutex_Unlock(a)
    lockcheck.capi.PyMutex_Unlock(b)


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
