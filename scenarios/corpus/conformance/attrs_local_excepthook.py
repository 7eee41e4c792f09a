# lockcheck: expect=pass
"""getattr/setattr/hasattr/delattr, threading.local and threading.excepthook, printed so that
`lockcheck run` and python3 can be compared (tools/run_vs_python_test.py): lookups by name on
instances, classes, properties, modules, locks and builtin values with CPython's errors, one
attribute dict per thread on a local, and a hook that receives a worker's exception."""
import threading
import _thread


class Account:
    kind = "account"

    def __init__(self, balance):
        self.balance = balance

    @property
    def doubled(self):
        return self.balance * 2

    @property
    def broken(self):
        return self.missing

    def deposit(self, n):
        self.balance += n
        return self.balance


a = Account(10)
print(getattr(a, "balance"), getattr(a, "kind"), getattr(Account, "kind"), getattr(a, "doubled"))
print(getattr(a, "deposit")(5), hasattr(a, "deposit"), hasattr(a, "nope"), hasattr(a, "broken"))
print(getattr(a, "nope", "default"), getattr(a, "broken", "from the getter"))
setattr(a, "owner", "ann")
print(a.owner, hasattr(a, "owner"), delattr(a, "owner"), hasattr(a, "owner"))
for call in (lambda: getattr(a, "nope"), lambda: getattr(a, 1), lambda: getattr(a),
             lambda: hasattr(a, "x", "y"), lambda: setattr(a, "x"), lambda: delattr(a, "nope"),
             lambda: getattr(a, "x", default=1)):
    try:
        call()
    except (AttributeError, TypeError) as e:
        print(type(e).__name__, e)
lock = getattr(threading, "Lock")()
print(getattr(lock, "acquire")(), getattr(lock, "locked")(), hasattr(lock, "release"))
lock.release()
print(getattr(_thread, "LockType") is type(lock), _thread.TIMEOUT_MAX == threading.TIMEOUT_MAX)
print(getattr([1, 2], "index")(2), hasattr("s", "upper"), hasattr(1, "nope"))

data = threading.local()
data.name = "main"
seen = []


def worker():
    seen.append(hasattr(data, "name"))
    data.name = "worker"
    data.items = [1]
    data.items.append(2)
    seen.append((data.name, data.items))


t = threading.Thread(target=worker)
t.start()
t.join()
print(seen, data.name, hasattr(data, "items"))
try:
    data.items
except AttributeError as e:
    print(e)
try:
    threading.local(1)
except TypeError as e:
    print(e)

print(threading.excepthook is threading.__excepthook__)
errors = []


def hook(args):
    errors.append((args.exc_type.__name__, str(args.exc_value), args.thread.name,
                   args.thread is threading.current_thread()))


threading.excepthook = hook


def failing():
    raise ValueError("boom")


t = threading.Thread(target=failing, name="failing")
t.start()
t.join()
print(errors, threading.excepthook is hook)
threading.excepthook = threading.__excepthook__
print(threading.excepthook is threading.__excepthook__)
