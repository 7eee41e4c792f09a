# lockcheck: expect=unlock-not-held
"""The same as timeout_handled.py but the result of the timed acquire is ignored: after a time-out
the release frees the other thread's lock, and that thread's own release then fails (or, when the
holder has already released, this release fails itself)."""
import threading

lock = threading.Lock()
log = []


def impatient():
    lock.acquire(timeout=0.1)
    log.append("working")
    lock.release()


def holder():
    with lock:
        log.append("holder")


t1 = threading.Thread(target=impatient)
t2 = threading.Thread(target=holder)
t1.start()
t2.start()
t1.join()
t2.join()
