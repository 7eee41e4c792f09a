# lockcheck: expect=assertion
"""A command dispatcher looks its handlers up by name (getattr(self, "on_" + command)) and
counts commands with setattr/getattr on names built at run time. Two threads dispatch without
a lock: the handlers' read-modify-write of self.total, and the counter's getattr then setattr,
interleave, and an update is lost (the fix, getattr_dispatch_locked.py, dispatches under the
dispatcher's lock)."""
import threading


class Dispatcher:
    def __init__(self):
        self.lock = threading.Lock()
        self.total = 0
        self.count_add = 0
        self.count_sub = 0

    def on_add(self, n):
        self.total = self.total + n

    def on_sub(self, n):
        self.total = self.total - n

    def dispatch(self, command, n):
        handler = getattr(self, "on_" + command, None)
        if handler is None:
            raise ValueError("unknown command " + command)
        handler(n)
        key = "count_" + command
        setattr(self, key, getattr(self, key) + 1)


d = Dispatcher()


def client(command, n):
    d.dispatch(command, n)


t1 = threading.Thread(target=client, args=("add", 5))
t2 = threading.Thread(target=client, args=("sub", 2))
t1.start()
t2.start()
t1.join()
t2.join()
assert d.total == 3 and d.count_add == 1 and d.count_sub == 1, (d.total, d.count_add)
assert not hasattr(d, "on_mul")
