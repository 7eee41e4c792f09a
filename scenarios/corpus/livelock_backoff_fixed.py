"""livelock_backoff.py with one global lock order: both threads take a before b, so the try
on the second lock fails only while the other thread is finishing with both, and the retry
loop always ends."""
import threading

a = threading.Lock()
b = threading.Lock()


def worker():
    while True:
        a.acquire()
        if b.acquire(blocking=False):
            b.release()
            a.release()
            return
        a.release()


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
