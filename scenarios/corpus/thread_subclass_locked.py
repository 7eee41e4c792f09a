# lockcheck: expect=pass
"""The fix of thread_subclass_race.py: the counter object owns a lock and its increment()
method holds it around the read and the write, so no update is lost."""
import threading


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.value = 0

    def increment(self):
        with self.lock:
            self.value += 1


class Worker(threading.Thread):
    def __init__(self, counter):
        super().__init__()
        self.counter = counter

    def run(self):
        self.counter.increment()


counter = Counter()
workers = [Worker(counter), Worker(counter)]
for w in workers:
    w.start()
for w in workers:
    w.join()
assert counter.value == 2, counter.value
print(workers[0].name, workers[1].name, counter.value)
