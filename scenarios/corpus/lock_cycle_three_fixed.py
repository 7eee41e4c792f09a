"""The fix for lock_cycle_three.py: every thread takes the lower-numbered lock first."""
import threading

locks = [threading.Lock(), threading.Lock(), threading.Lock()]


def worker(i):
    first = min(i, (i + 1) % 3)
    second = max(i, (i + 1) % 3)
    with locks[first]:
        with locks[second]:
            pass


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
