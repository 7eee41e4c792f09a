# lockcheck: expect=assertion
"""Two workers, each a threading.Thread subclass with run() overridden, add to a shared
counter object's attribute with `self.counter.value += 1`: a read and then a write of an
attribute of a shared object, so one update can be lost (the fix, thread_subclass_locked.py,
holds the counter's lock around it)."""
import threading


class Counter:
    def __init__(self):
        self.value = 0


class Worker(threading.Thread):
    def __init__(self, counter):
        super().__init__()
        self.counter = counter

    def run(self):
        self.counter.value += 1


counter = Counter()
workers = [Worker(counter), Worker(counter)]
for w in workers:
    w.start()
for w in workers:
    w.join()
assert counter.value == 2, counter.value
print(workers[0].name, workers[1].name, counter.value)
