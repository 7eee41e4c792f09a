# lockcheck: expect=assertion
"""Three threads add to a counter under a PyMutex, parking and being woken (or handed the mutex)
in turn; one of them reads the counter before it locks. The increments are exclusive, but the
early read can be stale."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock

m = PyMutex()
count = [0]


def add():
    PyMutex_Lock(m)
    count[0] += 1
    PyMutex_Unlock(m)


def add_checked():
    before = count[0]  # read without the mutex
    PyMutex_Lock(m)
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
