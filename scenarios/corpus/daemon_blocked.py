"""A daemon thread blocks forever on a lock the main thread never releases. The program still
ends when main finishes: daemon threads do not keep it alive."""
import threading

lock = threading.Lock()
lock.acquire()


def waiter():
    with lock:
        pass


t = threading.Thread(target=waiter, daemon=True)
t.start()
