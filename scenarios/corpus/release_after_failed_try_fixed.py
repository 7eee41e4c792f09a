"""The fix for release_after_failed_try.py: release only when the non-blocking acquire returned
True; when it failed, skip the work and touch nothing."""
import threading

lock = threading.Lock()
log = []


def try_work():
    if not lock.acquire(False):
        log.append("busy")
        return
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
assert len(log) == 2, f"one entry per thread: {log}"
assert not lock.locked()
