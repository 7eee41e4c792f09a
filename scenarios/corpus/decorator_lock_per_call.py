# lockcheck: expect=assertion
"""A @synchronized decorator meant to serialise calls of the function it wraps, but its wrapper
makes a new Lock on every call: each call holds a lock nobody else takes, so two threads'
`balance += amount` still interleave and an update is lost (the fix,
decorator_lock_shared.py, makes the lock once, in the decorator, for all calls)."""
import threading


def synchronized(fn):
    def wrapper(amount):
        lock = threading.Lock()
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
