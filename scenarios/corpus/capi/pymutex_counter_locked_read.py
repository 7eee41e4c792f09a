"""pymutex_counter_unlocked_read.py with the read under the mutex: three threads, each parked
and woken (or handed the mutex) in every order, and every increment exclusive."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock

m = PyMutex()
count = [0]


def add():
    PyMutex_Lock(m)
    count[0] += 1
    PyMutex_Unlock(m)


def add_checked():
    PyMutex_Lock(m)
    before = count[0]
    count[0] += 1
    after = count[0]
    PyMutex_Unlock(m)
    assert after == before + 1, (before, after)


threads = [threading.Thread(target=add), threading.Thread(target=add),
           threading.Thread(target=add_checked)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert count[0] == 3
print(count[0])
