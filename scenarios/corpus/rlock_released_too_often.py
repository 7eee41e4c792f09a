# lockcheck: expect=unlock-not-held
"""An RLock acquired twice must be released twice; the third release finds it no longer owned
and raises RuntimeError('cannot release un-acquired lock')."""
import threading

rlock = threading.RLock()


def worker():
    rlock.acquire()
    rlock.acquire()
    rlock.release()
    rlock.release()
    rlock.release()


t = threading.Thread(target=worker)
t.start()
t.join()
