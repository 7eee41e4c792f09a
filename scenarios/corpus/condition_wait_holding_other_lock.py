# lockcheck: expect=deadlock
"""Waiting on a condition while holding another lock the notifier needs: wait() releases only
the condition's lock, so the notifier blocks on `data_lock` and never notifies."""
import threading

data_lock = threading.Lock()
cond = threading.Condition()
ready = [False]


def waiter():
    with data_lock:
        with cond:
            while not ready[0]:
                cond.wait()


def notifier():
    with data_lock:
        with cond:
            ready[0] = True
            cond.notify()


w = threading.Thread(target=waiter)
n = threading.Thread(target=notifier)
w.start()
n.start()
w.join()
n.join()
