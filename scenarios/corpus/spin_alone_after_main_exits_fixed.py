"""The main thread sets the stop flag (without taking the lock, so the worker's spinning cannot
keep it out) and joins the worker: the worker sees the flag and returns."""
import threading

lock = threading.Lock()
stop = False


def worker():
    while True:
        with lock:
            if stop:
                return


t = threading.Thread(target=worker)
t.start()
stop = True
t.join()
