# lockcheck: expect=deadlock,lock-order
"""Dining philosophers, N=3: each takes the left fork then the right one. If every philosopher
holds a left fork, nobody gets a right one."""
import threading

N = 3
forks = [threading.Lock() for _ in range(N)]


def philosopher(i):
    left, right = i, (i + 1) % N
    with forks[left]:
        with forks[right]:
            pass


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
