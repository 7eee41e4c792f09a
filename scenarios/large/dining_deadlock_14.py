# lockcheck: expect=deadlock
"""Fourteen dining philosophers, each taking the fork on their left and then the one on their
right: when every one holds a left fork, all wait for ever. The reduced graph has 28.6 million
states, too many for the corpus runs; a swarm of four (checker/swarm.h) finds the deadlock in a
million states a member: the search in round-robin order meets it at once, where the one in
thread-number order runs each philosopher to the end first and spends its bound elsewhere."""
import threading

N = 14
forks = [threading.Lock() for _ in range(N)]


def philosopher(i):
    with forks[i]:
        with forks[(i + 1) % N]:
            pass


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
