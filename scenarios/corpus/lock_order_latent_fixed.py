"""lock_order_latent.py with one lock order: both workers take a before b, so even when they
overlap, no cycle of waiting can form; the lock-order check has nothing to say."""
import threading

a = threading.Lock()
b = threading.Lock()


def first():
    with a:
        with b:
            pass


def second():
    with a:
        with b:
            pass


t1 = threading.Thread(target=first)
t1.start()
t1.join()
t2 = threading.Thread(target=second)
t2.start()
t2.join()
