# lockcheck: expect=pass
"""Thread subclasses as CPython names and shows them: without a target a subclass's thread is
`Thread-N`; with super().__init__(target=f) it is `Thread-N (f)`; name= and daemon= pass
through; repr shows the subclass's name; a subclass whose __init__ skips Thread.__init__
cannot start (RuntimeError); the repr of a bound method and of an instance."""
import threading

results = []


def job(x):
    results.append(x)


class Plain(threading.Thread):
    def run(self):
        results.append(self.name)


class WithTarget(threading.Thread):
    def __init__(self, x):
        super().__init__(target=job, args=(x,), daemon=False)


class Named(threading.Thread):
    def __init__(self):
        super().__init__(name="named", daemon=True)

    def run(self):
        results.append(threading.current_thread().name)


class Broken(threading.Thread):
    def __init__(self):
        self.x = 1


p = Plain()
print(p.name, repr(p).startswith("<Plain(Thread-1, initial"), isinstance(p, threading.Thread))
w = WithTarget(7)
print(w.name, w.daemon)
n = Named()
print(n.name, n.daemon)
for t in (p, w, n):
    t.start()
    t.join()
print(results)
try:
    Broken().start()
except RuntimeError as e:
    print("RuntimeError:", e)
print(type(p).__name__, issubclass(Plain, threading.Thread), issubclass(Plain, object))
