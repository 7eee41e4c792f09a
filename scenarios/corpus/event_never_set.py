# lockcheck: expect=deadlock
"""A worker waits for an Event that the main thread forgets to set on one path."""
import threading

started = threading.Event()
mode = [0]


def worker():
    started.wait()


t = threading.Thread(target=worker)
t.start()
if mode[0] == 1:
    started.set()
t.join()
