# lockcheck: expect=pass
"""Class semantics a scenario may use, printed so that `lockcheck run` and python3 can be
compared (tools/run_vs_python_test.py): inheritance with a mixin and super(), class and
instance attributes, bound methods, isinstance/issubclass/type, user exceptions with args,
with on a user object whose __exit__ suppresses, AttributeError and MRO TypeError texts, and
a Thread subclass."""
import threading

class Base:
    kind = "base"
    def __init__(self, n):
        self.n = n
    def describe(self):
        return f"{self.kind}:{self.n}"

class Mixin:
    def tag(self):
        return "mixin"

class Child(Base, Mixin):
    kind = "child"
    def __init__(self, n, extra):
        super().__init__(n)
        self.extra = extra
    def describe(self):
        return super().describe() + "+" + str(self.extra)

class MyError(Exception):
    pass

class Coded(Exception):
    def __init__(self, code):
        super().__init__("code", code)
        self.code = code

class Managed:
    def __init__(self):
        self.log = []
    def __enter__(self):
        self.log.append("enter")
        return self
    def __exit__(self, t, v, tb):
        self.log.append("exit " + (t.__name__ if t is not None else "None"))
        return t is MyError

class Worker(threading.Thread):
    def __init__(self, k):
        super().__init__()
        self.k = k
        self.result = None
    def run(self):
        self.result = self.k * 2

c = Child(3, "x")
print(c.describe(), c.tag(), Child.kind, c.kind)
print(isinstance(c, Base), isinstance(c, (int, Mixin)), issubclass(Child, Base), isinstance(c, object))
print(type(c).__name__, type(c) is Child, Child.__name__, isinstance(3, Base))
m = c.describe
print(m())
try:
    raise MyError("boom")
except MyError as e:
    print("caught", e, repr(e), e.args)
try:
    raise Coded(7)
except Exception as e:
    print("coded", e.code, e.args, str(e), type(e).__name__)
mg = Managed()
with mg as x:
    print(x is mg)
with mg:
    raise MyError("suppressed")
print(mg.log)
try:
    c.missing
except AttributeError as e:
    print(e)
try:
    class Bad(Base, Child):
        pass
except TypeError as e:
    print(e)
w = Worker(21)
print(w.name)
w.start()
w.join()
print(w.result, w.name)
class Plain:
    pass
t = threading.Thread(target=Child(1, 2).describe)
print(t.name)
t.start()
t.join()
print(isinstance(MyError(), Exception), isinstance(w, threading.Thread))
