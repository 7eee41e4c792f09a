"""A section on an object the thread's top-most section already holds does not block."""
import threading
from lockcheck.capi import critical_section

items = []


def append(x):
    with critical_section(items):
        items.append(x)


def append_two():
    with critical_section(items):
        append(1)  # re-enters the section on items
        append(2)


t = threading.Thread(target=append_two)
t.start()
append(3)
t.join()
assert sorted(items) == [1, 2, 3]
