# lockcheck: expect=pass
"""starvation_barging.py on a PyMutex: the worker re-takes the mutex in a loop until a flag is
set, and the thread that would set the flag needs the same mutex. The worker can barge in after
each unlock, but CPython's PyMutex hands itself to a thread that has been parked for over 1 ms
(Python/lock.c, TIME_TO_BE_FAIR_NS), and an execution that never ends takes unbounded time: the
stopper gets the mutex in the end, so no execution runs forever (with threading.Lock, which
promises no such thing, the same program is a starvation)."""
import threading
from lockcheck.capi import PyMutex, PyMutex_Lock, PyMutex_Unlock

m = PyMutex()
done = False


def worker():
    while True:
        PyMutex_Lock(m)
        finished = done
        PyMutex_Unlock(m)
        if finished:
            return


def stopper():
    global done
    PyMutex_Lock(m)
    done = True
    PyMutex_Unlock(m)


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=stopper)
t1.start()
t2.start()
t1.join()
t2.join()
