"""The fix for join_holding_lock.py: release the lock before joining."""
import threading

lock = threading.Lock()
log = []


def worker():
    with lock:
        log.append("worker")


t = threading.Thread(target=worker)
with lock:
    t.start()
t.join()
assert log == ["worker"]
