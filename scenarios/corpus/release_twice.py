# lockcheck: expect=unlock-not-held
"""A lock released twice: the second release raises RuntimeError('release unlocked lock')."""
import threading

lock = threading.Lock()


def worker():
    lock.acquire()
    lock.release()
    lock.release()


t = threading.Thread(target=worker)
t.start()
t.join()
