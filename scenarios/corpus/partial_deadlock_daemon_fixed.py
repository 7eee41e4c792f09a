"""partial_deadlock_daemon.py with one lock order: the workers finish, the main thread joins
them and the program ends, dropping the daemon heartbeat that loops forever."""
import threading
import time

a = threading.Lock()
b = threading.Lock()


def heartbeat():
    while True:
        time.sleep(0.1)


def worker(first, second):
    with first:
        with second:
            pass


threading.Thread(target=heartbeat, daemon=True).start()
t1 = threading.Thread(target=worker, args=(a, b))
t2 = threading.Thread(target=worker, args=(a, b))
t1.start()
t2.start()
t1.join()
t2.join()
