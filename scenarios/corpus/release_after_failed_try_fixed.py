"""The fix for release_after_failed_try.py: release only what was acquired."""
import threading

lock = threading.Lock()
count = 0


def careless():
    global count
    got = lock.acquire(blocking=False)
    if got:
        count += 1
        lock.release()


def careful():
    with lock:
        pass


t1 = threading.Thread(target=careless)
t2 = threading.Thread(target=careful)
t1.start()
t2.start()
t1.join()
t2.join()
