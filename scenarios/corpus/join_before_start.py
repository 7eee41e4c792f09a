# lockcheck: expect=exception
"""Joining a thread that was never started: RuntimeError('cannot join thread before it is
started')."""
import threading


def worker():
    pass


t = threading.Thread(target=worker)
t.join()
t.start()
