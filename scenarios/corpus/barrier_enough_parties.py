"""The fix for barrier_too_few_parties.py: as many parties as threads."""
import threading

b = threading.Barrier(2)


def f():
    b.wait()


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
