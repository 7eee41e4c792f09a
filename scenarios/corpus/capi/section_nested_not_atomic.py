# lockcheck: expect=assertion
"""Nested critical sections cannot deadlock, but they do not hold two objects: when the inner
section waits for b's mutex, the thread's sections are suspended, the outer section on a is
released, and another thread can change a in the middle of the outer section."""
import threading
from lockcheck.capi import critical_section

a = [0]
b = [0]


def move():
    with critical_section(a):
        before = a[0]
        with critical_section(b):  # may wait for b: the section on a is suspended
            b[0] += 1
        a[0] = before + 1
        assert a[0] == before + 1


def bump():
    with critical_section(b):
        with critical_section(a):
            a[0] += 10


t1 = threading.Thread(target=move)
t2 = threading.Thread(target=bump)
t1.start()
t2.start()
t1.join()
t2.join()
assert a[0] == 11, a
