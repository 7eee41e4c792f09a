# lockcheck: expect=deadlock
"""The main thread spin-waits on a flag that the worker sets only after a lock the main thread
holds: the worker is blocked, main spins forever and the program never ends. No continuation
lets the worker go (main never releases the lock), so it is a partial deadlock, not a livelock:
a waiter nothing can release is deadlocked even while others keep moving."""
import threading

lock = threading.Lock()
ready = False


def setter():
    global ready
    with lock:
        ready = True


lock.acquire()
t = threading.Thread(target=setter)
t.start()
while not ready:
    pass
lock.release()
t.join()
