# lockcheck: expect=deadlock,lock-order
"""Two workers take two locks in opposite orders and can deadlock, while a daemon heartbeat
thread sleeps in a loop forever. Some thread can always move, so no state is stuck; the
deadlock is partial: on a cycle that repeats forever (the heartbeat), the two workers and the
main thread joining them are never able to run again."""
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
t2 = threading.Thread(target=worker, args=(b, a))
t1.start()
t2.start()
t1.join()
t2.join()
