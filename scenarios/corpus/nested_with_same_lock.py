# lockcheck: expect=deadlock
"""`with lock: with lock:` on a plain Lock: the second acquire blocks the thread that holds it.
Even the main thread alone deadlocks."""
import threading

lock = threading.Lock()
with lock:
    with lock:
        pass
