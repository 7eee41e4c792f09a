"""The fix for rlock_released_by_non_owner.py: the worker hands the work back and the owner
releases its own RLock, as many times as it acquired it."""
import threading

rlock = threading.RLock()
done = []


def worker():
    done.append(1)


rlock.acquire()
rlock.acquire()
t = threading.Thread(target=worker)
t.start()
t.join()
rlock.release()
rlock.release()
assert done == [1]
