# lockcheck: expect=exception
"""Two worker threads pull jobs from one generator with next(). A generator is not thread-safe:
while one thread runs its body (between resuming it and its next `yield`), the other thread's
next() raises `ValueError: generator already executing`. The fix, generator_shared_locked.py,
takes the jobs under a lock."""
import threading


def jobs(n):
    i = 0
    while i < n:
        i += 1
        yield i


source = jobs(3)
results = []


def worker():
    for job in source:
        results.append(job * 10)


threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
