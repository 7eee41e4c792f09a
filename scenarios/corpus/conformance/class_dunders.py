# lockcheck: expect=pass
"""The dunder protocol and the method decorators, printed so that `lockcheck run` and python3
can be compared (tools/run_vs_python_test.py): __len__, __getitem__/__setitem__, __contains__,
__iter__/__next__ with StopIteration, __repr__/__str__, __bool__ (in if, while, not, and/or,
bool()), __eq__ and the __hash__ = None it implies, @property with a setter, @staticmethod
and @classmethod."""
class Stack:
    def __init__(self):
        self._items = []
    def __len__(self):
        return len(self._items)
    def __getitem__(self, i):
        return self._items[i]
    def __setitem__(self, i, v):
        self._items[i] = v
    def __contains__(self, x):
        return x in self._items
    def __iter__(self):
        return StackIter(self)
    def __repr__(self):
        return f"Stack({self._items})"
    def push(self, x):
        self._items.append(x)
    @property
    def top(self):
        return self._items[-1]
    @top.setter
    def top(self, v):
        self._items[-1] = v
    @staticmethod
    def make():
        return Stack()
    @classmethod
    def of(cls, a, b):
        s = cls()
        s.push(a)
        s.push(b)
        return s

class StackIter:
    def __init__(self, s):
        self.s = s
        self.i = 0
    def __next__(self):
        if self.i >= len(self.s):
            raise StopIteration
        self.i += 1
        return self.s[self.i - 1]

class Flag:
    def __init__(self, v):
        self.v = v
    def __bool__(self):
        return self.v
    def __eq__(self, other):
        return isinstance(other, Flag) and other.v == self.v
    def __str__(self):
        return f"Flag<{self.v}>"

s = Stack.of(1, 2)
s.push(3)
print(len(s), s[0], 2 in s, 5 not in s, s.top, repr(s), f"{s}", str(s))
s.top = 9
s[0] = 7
print([x for x in s], s.top)
for x in s:
    print("item", x)
f, g = Flag(True), Flag(False)
print(bool(f), not g, f == Flag(True), f != g, str(f), f"{g!r}" != "", f"{g}")
if f and not g:
    print("truthy")
while g:
    pass
print(str(f or g), str(g and f), isinstance(Stack.make(), Stack))
try:
    d = {f: 1}
except TypeError as e:
    print(e)
