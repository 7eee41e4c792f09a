# lockcheck: expect=exception
"""A thread that joins itself: RuntimeError('cannot join current thread')."""
import threading


def worker():
    threading.current_thread().join()


t = threading.Thread(target=worker)
t.start()
t.join()
