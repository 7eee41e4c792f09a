"""The fix for release_twice.py: each acquire is paired with exactly one release, by `with`."""
import threading

lock = threading.Lock()


def worker():
    with lock:
        pass


t = threading.Thread(target=worker)
t.start()
t.join()
assert not lock.locked()
