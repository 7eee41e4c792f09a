# lockcheck: expect=starvation expect-strong=pass
"""A worker re-takes the lock in a loop until a flag is set; the thread that would set the flag
needs the same lock. Python's Lock is not fair: the worker can barge back in every time it
releases, so the setter, able to run now and then, may never get the lock (starvation under
weak fairness). Under strong fairness (a lock that eventually hands over, like CPython 3.13's
PyMutex after 1 ms) the setter gets its turn."""
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
