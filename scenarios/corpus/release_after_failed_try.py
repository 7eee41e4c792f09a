# lockcheck: expect=unlock-not-held
"""A non-blocking acquire can fail when another thread holds the lock; the code releases
unconditionally anyway. In the interleaving where the try fails, the release frees a lock this
thread never took (the other thread's), and the other thread's release then finds it unlocked."""
import threading

lock = threading.Lock()
count = 0


def careless():
    global count
    got = lock.acquire(blocking=False)
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
