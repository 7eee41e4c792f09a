# lockcheck: expect=pass
"""The fix of generator_shared_worker.py: each worker takes its next job under a lock
(next() with a default ends the loop when the generator is exhausted), so only one thread
runs the generator at a time and every job is done exactly once."""
import threading


def jobs(n):
    i = 0
    while i < n:
        i += 1
        yield i


source = jobs(3)
lock = threading.Lock()
results = []


def worker():
    while True:
        with lock:
            job = next(source, None)
        if job is None:
            return
        results.append(job * 10)


threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(results) == [10, 20, 30], results
print(sorted(results))
