# lockcheck: expect=livelock
"""Two threads each need both locks. Each takes its first lock, tries the second without
blocking, and on failure releases the first and retries, forever. Nobody ever blocks, so there
is no deadlock, but the two can keep colliding in lock step: each holds one lock, fails to get
the other, backs off, and starts again (livelock). try_acquire_backoff.py bounds the retries."""
import threading

a = threading.Lock()
b = threading.Lock()


def worker(first, second):
    while True:
        first.acquire()
        if second.acquire(blocking=False):
            second.release()
            first.release()
            return
        first.release()


t1 = threading.Thread(target=worker, args=(a, b))
t2 = threading.Thread(target=worker, args=(b, a))
t1.start()
t2.start()
t1.join()
t2.join()
