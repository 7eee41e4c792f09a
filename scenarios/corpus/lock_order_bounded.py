# lockcheck: expect=lock-order max-states=300
"""Six philosophers each take their left fork, then their right: the forks' order is a cycle.
The search is bounded to 300 states, too few to reach the state where all six hold their left
fork, so no deadlock is found; the lock-order check still sees the cycle of orders in what was
explored, and says so (the verdict stays incomplete: a warning is not a proof either way)."""
import threading

N = 6
forks = [threading.Lock() for _ in range(N)]


def philosopher(i):
    left = forks[i]
    right = forks[(i + 1) % N]
    with left:
        with right:
            pass


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
