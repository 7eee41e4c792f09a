# lockcheck: expect=starvation expect-strong=pass expect-cpython-3.13=pass
"""A worker re-takes the lock in a loop until a flag is set; the thread that would set the flag
needs the same lock. Python's Lock is not fair: the worker can barge back in every time it
releases, so the setter, able to run now and then, may never get the lock (starvation under
weak fairness). Under strong fairness the setter gets its turn, and so it does under
--profile cpython-3.13: CPython 3.13's Lock is a PyMutex, which hands itself to a thread parked
for over 1 ms, so the setter, parked on the lock and woken at each release, gets it in the end.
The program is correct on CPython 3.13 only thanks to that hand-off, which Python does not
promise: starvation_barging_fixed.py does not rely on it."""
import threading

lock = threading.Lock()
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
