# lockcheck: expect=pass
"""The fix of decorator_lock_order.py: a decorator factory, synchronized_with(lock), wraps both
functions with the same RLock, so a thread inside one may call the other (an RLock's owner
takes it again) and the two threads never hold one lock each."""
import threading


def synchronized_with(lock):
    def decorate(fn):
        def wrapper(x):
            with lock:
                return fn(x)
        return wrapper
    return decorate


shared = threading.RLock()


@synchronized_with(shared)
def ping(n):
    if n > 0:
        pong(n - 1)


@synchronized_with(shared)
def pong(n):
    if n > 0:
        ping(n - 1)


t1 = threading.Thread(target=ping, args=(1,))
t2 = threading.Thread(target=pong, args=(1,))
t1.start()
t2.start()
t1.join()
t2.join()
print("done")
