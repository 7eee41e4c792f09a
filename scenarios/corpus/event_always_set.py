"""The fix for event_never_set.py: the event is set on every path."""
import threading

started = threading.Event()
mode = [0]


def worker():
    started.wait()


t = threading.Thread(target=worker)
t.start()
started.set()
t.join()
