# lockcheck: expect=unlock-not-held
"""An RLock has an owner: a release by another thread raises
RuntimeError('cannot release un-acquired lock'). The owner still releases it normally."""
import threading

rlock = threading.RLock()
rlock.acquire()


def worker():
    rlock.release()


t = threading.Thread(target=worker)
t.start()
t.join()
rlock.release()
