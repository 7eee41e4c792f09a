"""A timed acquire can time out while another thread holds the lock; the code checks the result
and only releases what it got."""
import threading

lock = threading.Lock()
log = []


def impatient():
    if lock.acquire(timeout=0.1):
        log.append("got it")
        lock.release()
    else:
        log.append("gave up")


def holder():
    with lock:
        log.append("holder")


t1 = threading.Thread(target=impatient)
t2 = threading.Thread(target=holder)
t1.start()
t2.start()
t1.join()
t2.join()
assert len(log) == 2
