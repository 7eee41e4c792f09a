# lockcheck: expect=deadlock
"""A lost wake-up: the waiter checks the flag outside the lock, then waits. The setter can set
the flag and notify between the check and the wait; the waiter then waits forever."""
import threading

cond = threading.Condition()
ready = [False]


def waiter():
    if not ready[0]:
        with cond:
            cond.wait()


def setter():
    with cond:
        ready[0] = True
        cond.notify()


w = threading.Thread(target=waiter)
s = threading.Thread(target=setter)
w.start()
s.start()
w.join()
s.join()
