# lockcheck: expect=deadlock
"""The main thread joins a worker while holding the lock the worker needs to finish."""
import threading

lock = threading.Lock()
log = []


def worker():
    with lock:
        log.append("worker")


t = threading.Thread(target=worker)
with lock:
    t.start()
    t.join()
