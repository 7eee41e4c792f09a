# lockcheck: expect=deadlock,lock-order
"""Two functions decorated with @synchronized, each wrapper holding its own decorator-made
lock, call each other: one thread holds ping's lock and wants pong's, the other the reverse. The
lock-order warning names the locks by the closures that hold them (`ping.lock`, `pong.lock`);
the fix, decorator_lock_order_shared.py, gives both one RLock through a decorator factory."""
import threading


def synchronized(fn):
    lock = threading.Lock()

    def wrapper(x):
        with lock:
            return fn(x)
    return wrapper


@synchronized
def ping(n):
    if n > 0:
        pong(n - 1)


@synchronized
def pong(n):
    if n > 0:
        ping(n - 1)


t1 = threading.Thread(target=ping, args=(1,))
t2 = threading.Thread(target=pong, args=(1,))
t1.start()
t2.start()
t1.join()
t2.join()
