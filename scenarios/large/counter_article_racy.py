# lockcheck: expect=assertion max-states=1500000
"""The racy counter of the usual threading article: four threads each add 1 to a global
100,000 times without a lock, and the total after the joins is checked. `counter += 1` is a
read then a write, so an update can be lost and the total end below 400,000. Every
counterexample is over 800,000 steps long (each thread finishes its loop before the check), and
no search stores every interleaving, so the search is bounded: the first 1.4 million states it
stores hold the lost update."""
import threading

counter = 0


def increment():
    global counter
    for _ in range(100000):
        counter += 1


threads = [threading.Thread(target=increment) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 400000, f"lost updates: counter is {counter}"
