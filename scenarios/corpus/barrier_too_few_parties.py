# lockcheck: expect=deadlock
"""A barrier for three parties with only two threads: both wait forever."""
import threading

b = threading.Barrier(3)


def f():
    b.wait()


threads = [threading.Thread(target=f) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
