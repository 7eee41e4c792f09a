"""The fix for check_then_act.py: the check and the append are one critical section."""
import threading

items = []
lock = threading.Lock()


def add_once(x):
    with lock:
        if len(items) < 1:
            items.append(x)


t1 = threading.Thread(target=add_once, args=(1,))
t2 = threading.Thread(target=add_once, args=(2,))
t1.start()
t2.start()
t1.join()
t2.join()
assert len(items) == 1, f"both threads added: {items}"
