"""A pool of two resources guarded by a BoundedSemaphore: three workers never hold more than
two at once, and every unit comes back."""
import threading

pool = threading.BoundedSemaphore(2)
lock = threading.Lock()
busy = [0]


def worker():
    with pool:
        with lock:
            busy[0] += 1
            assert busy[0] <= 2, "more holders than resources"
        with lock:
            busy[0] -= 1


threads = [threading.Thread(target=worker) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
