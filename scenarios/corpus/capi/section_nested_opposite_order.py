"""Nested one-object sections in opposite orders (a then b, b then a): with locks this would be
the classic deadlock, but a thread that would block on the inner section suspends the outer one,
so the other thread can go on. (Atomicity of the outer section is lost instead: see
section_nested_not_atomic.py.)"""
import threading
from lockcheck.capi import critical_section

a = [0]
b = [0]


def one():
    with critical_section(a):
        with critical_section(b):
            a[0] += 1
            b[0] += 1


def two():
    with critical_section(b):
        with critical_section(a):
            b[0] += 1
            a[0] += 1


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
assert a[0] == 2 and b[0] == 2
