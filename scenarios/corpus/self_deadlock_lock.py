# lockcheck: expect=deadlock
"""A function holding a Lock calls a helper that takes the same Lock again. threading.Lock is
not reentrant: the thread waits for itself forever."""
import threading

lock = threading.Lock()
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
