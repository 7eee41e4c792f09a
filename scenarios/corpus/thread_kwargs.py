"""Thread(kwargs=..., name=...): the keyword arguments reach the target, and the thread knows
its name. The only dict in the corpus: Thread(kwargs=) takes nothing else."""
import threading

results = []


def worker(n, scale=1, tag="none"):
    results.append((threading.current_thread().name, tag, n * scale))


t1 = threading.Thread(target=worker, args=(2,), kwargs={"scale": 10, "tag": "a"}, name="ten")
t2 = threading.Thread(target=worker, kwargs={"n": 3}, name="plain")
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(results) == [("plain", "none", 3), ("ten", "a", 20)], results
