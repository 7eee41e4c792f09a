# lockcheck: expect=deadlock,lock-order
"""Three threads, three locks, each thread takes its lock then the next one's: A->B, B->C,
C->A closes a cycle of three."""
import threading

locks = [threading.Lock(), threading.Lock(), threading.Lock()]


def worker(i):
    with locks[i]:
        with locks[(i + 1) % 3]:
            pass


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
