# lockcheck: expect=deadlock
"""The same as daemon_blocked.py with an ordinary thread: interpreter shutdown waits for it,
and it waits for a lock nobody will release."""
import threading

lock = threading.Lock()
lock.acquire()


def waiter():
    with lock:
        pass


t = threading.Thread(target=waiter)
t.start()
