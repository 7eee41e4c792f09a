# lockcheck: expect=starvation expect-strong=pass expect-cpython-3.13=starvation
"""starvation_barging.py with an RLock: the worker re-takes the lock in a loop until a flag is
set, and the thread that would set the flag needs the same lock. The worker can barge back in
at every release, so the setter may never get the lock (starvation under weak fairness). Unlike
Lock, this stays a starvation under --profile cpython-3.13: 3.13's RLock is built on an OS lock
that promises no order, not on PyMutex (it becomes one in 3.14), so nothing hands it over.
starvation_barging_fixed.py is the fix."""
import threading

lock = threading.RLock()
done = False


def worker():
    while True:
        with lock:
            if done:
                return


def stopper():
    global done
    with lock:
        done = True


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=stopper)
t1.start()
t2.start()
t1.join()
t2.join()
