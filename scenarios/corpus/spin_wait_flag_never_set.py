# lockcheck: expect=livelock
"""The main thread spin-waits on a flag that the worker sets only after a lock the main thread
holds: the worker is blocked, main spins forever and the program never ends."""
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
