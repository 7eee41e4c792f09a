"""Two-object critical sections naming the same two objects in opposite orders: both lock the
lower identity first, so no wait cycle can form."""
import threading
from lockcheck.capi import critical_section2

a = [0]
b = [0]


def one():
    with critical_section2(a, b):
        a[0] += 1
        b[0] += 1


def two():
    with critical_section2(b, a):
        b[0] += 1
        a[0] += 1


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
assert a[0] == 2 and b[0] == 2
