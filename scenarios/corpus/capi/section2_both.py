"""section_nested_not_atomic.py with one two-object section: critical_section2(a, b) holds both
objects for its whole body, so the move is atomic."""
import threading
from lockcheck.capi import critical_section, critical_section2

a = [0]
b = [0]


def move():
    with critical_section2(a, b):
        before = a[0]
        b[0] += 1
        a[0] = before + 1
        assert a[0] == before + 1


def bump():
    with critical_section2(b, a):
        a[0] += 10


t1 = threading.Thread(target=move)
t2 = threading.Thread(target=bump)
t1.start()
t2.start()
t1.join()
t2.join()
assert a[0] == 11, a
