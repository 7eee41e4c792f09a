"""Dining philosophers, N=3, fixed by resource ordering: each takes the lower-numbered fork
first, so the last philosopher reaches for fork 0 before fork N-1 and no cycle can close."""
import threading

N = 3
forks = [threading.Lock() for _ in range(N)]


def philosopher(i):
    first, second = min(i, (i + 1) % N), max(i, (i + 1) % N)
    with forks[first]:
        with forks[second]:
            pass


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
