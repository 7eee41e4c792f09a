# lockcheck: expect=pass
"""The fix of decorator_lock_per_call.py: the decorator makes one Lock, a variable of its own
scope that the wrapper's closure holds (a cell shared by every call of the wrapper), so the
two deposits are serialised and none is lost."""
import threading


def synchronized(fn):
    lock = threading.Lock()

    def wrapper(amount):
        with lock:
            return fn(amount)
    return wrapper


balance = 0


@synchronized
def deposit(amount):
    global balance
    balance += amount


threads = [threading.Thread(target=deposit, args=(1,)), threading.Thread(target=deposit, args=(2,))]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert balance == 3, balance
print(balance)
