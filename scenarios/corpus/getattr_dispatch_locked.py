# lockcheck: expect=pass
"""The fix of getattr_dispatch_race.py: the same dispatcher, whose handlers are looked up by
name with getattr and whose counters are read and written with getattr/setattr, runs the whole
dispatch under its lock, so the two threads' read-modify-writes cannot interleave."""
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
        with self.lock:
            self._dispatch(command, n)

    def _dispatch(self, command, n):
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
