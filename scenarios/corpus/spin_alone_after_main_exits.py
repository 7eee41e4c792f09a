# lockcheck: expect=livelock
"""A worker polls a stop flag under a lock, but the main thread ends without setting it (and
without joining): the worker is left alone, spinning forever, and the program never ends."""
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
