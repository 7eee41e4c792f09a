# lockcheck: expect=pass
"""Closures, lambda, nonlocal and decorators, printed so that `lockcheck run` and python3 can
be compared (tools/run_vs_python_test.py): two closures sharing a cell, lambdas with
defaults, three nested scopes, a decorator whose wrapper takes a lock, a lambda as a thread
target (Thread-N (<lambda>)), and the unbound-variable errors."""
import threading


def make_counter():
    count = 0
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return inc, get


inc, get = make_counter()
inc()
inc(5)
print(get(), inc.__name__ if False else "x")
adders = [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders])
square = lambda v: v * v
print(square(7), (lambda: "hi")())


def outer(n):
    def mid():
        def inner():
            return n * 2
        return inner()
    return mid()


print(outer(4))
lock = threading.Lock()


def synchronized(fn):
    def wrapper(x):
        with lock:
            return fn(x)
    return wrapper


total = []


@synchronized
def add(x):
    total.append(x)
    return len(total)


print(add(3), add(4), total, repr(add).startswith("<function synchronized.<locals>.wrapper at 0x"))
t = threading.Thread(target=lambda: add(9))
print(t.name)
t.start()
t.join()
print(total)
try:
    def bad():
        print(later)
        later = 1
    bad()
except UnboundLocalError as e:
    print(e)
def f2():
    x = 1
    def g():
        return y
    y = 2
    return g()
print(f2())
