"""The fix for lock_order_inversion.py: both threads take the locks in one global order, so no
cycle of waits can form."""
import threading

a = threading.Lock()
b = threading.Lock()


def one():
    with a:
        with b:
            pass


def two():
    with a:
        with b:
            pass


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
