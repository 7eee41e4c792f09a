# lockcheck: expect=unlock-not-held
"""A non-blocking acquire can fail while the other thread holds the lock; the code notes it and
releases unconditionally anyway. That release frees the other thread's lock, whose own release
then finds it unlocked (or, if the holder released first, this release does): either way a
release of an unheld lock, in whichever thread comes second."""
import threading

lock = threading.Lock()
log = []


def try_work():
    if not lock.acquire(False):
        log.append("busy")
    log.append("work")
    lock.release()


def holder():
    with lock:
        log.append("holder")


t1 = threading.Thread(target=try_work)
t2 = threading.Thread(target=holder)
t1.start()
t2.start()
t1.join()
t2.join()
