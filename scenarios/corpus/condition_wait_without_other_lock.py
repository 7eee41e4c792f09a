"""The fix for condition_wait_holding_other_lock.py: the waiter does not hold data_lock while it
waits."""
import threading

data_lock = threading.Lock()
cond = threading.Condition()
ready = [False]


def waiter():
    with cond:
        while not ready[0]:
            cond.wait()
    with data_lock:
        pass


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
