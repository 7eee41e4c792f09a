# lockcheck: expect=assertion
"""Check-then-act on a shared list: both threads can see it empty before either appends."""
import threading

items = []


def add_once(x):
    if len(items) < 1:
        items.append(x)


t1 = threading.Thread(target=add_once, args=(1,))
t2 = threading.Thread(target=add_once, args=(2,))
t1.start()
t2.start()
t1.join()
t2.join()
assert len(items) == 1, f"both threads added: {items}"
