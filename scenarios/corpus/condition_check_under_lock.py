"""The fix for condition_lost_wakeup.py: check the flag and wait under the same lock (and in a
loop), so the notify cannot fall between them."""
import threading

cond = threading.Condition()
ready = [False]


def waiter():
    with cond:
        while not ready[0]:
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
