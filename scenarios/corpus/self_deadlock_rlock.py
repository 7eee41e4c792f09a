"""The same code as self_deadlock_lock.py with an RLock: the owner may take it again, so the
helper's acquire succeeds and everything finishes."""
import threading

lock = threading.RLock()
items = []


def add(x):
    with lock:
        items.append(x)


def add_twice(x):
    with lock:
        add(x)
        add(x)


t = threading.Thread(target=add_twice, args=(1,))
t.start()
t.join()
assert len(items) == 2
