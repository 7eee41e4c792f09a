"""The barging worker of starvation_barging.py, fixed: the flag is an Event the worker checks
without taking the lock, and the stopper sets it without needing the lock, so nothing can keep
the stopper waiting."""
import threading

lock = threading.Lock()
done = threading.Event()


def worker():
    while not done.is_set():
        with lock:
            pass


def stopper():
    done.set()


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=stopper)
t1.start()
t2.start()
t1.join()
t2.join()
