"""The locks of lock_order_inversion.py, but the second one is taken with a timeout and given up
when it does not come: when both threads hold one lock, at least one times out and leaves, so
nobody waits forever."""
import threading

a = threading.Lock()
b = threading.Lock()
done = []


def one():
    with a:
        if b.acquire(timeout=0.1):
            done.append("one")
            b.release()


def two():
    with b:
        if a.acquire(timeout=0.1):
            done.append("two")
            a.release()


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
assert not a.locked() and not b.locked()
