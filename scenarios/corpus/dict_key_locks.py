# lockcheck: expect=deadlock,lock-order
"""A lock per dict key, taken source first: opposite transfers can each hold one key's lock and
wait for the other's."""
import threading

locks = {name: threading.Lock() for name in ("alice", "bob")}
balance = {"alice": 10, "bob": 10}


def transfer(src, dst, amount):
    with locks[src]:
        with locks[dst]:
            balance[src] -= amount
            balance[dst] += amount


t1 = threading.Thread(target=transfer, args=("alice", "bob", 1))
t2 = threading.Thread(target=transfer, args=("bob", "alice", 2))
t1.start()
t2.start()
t1.join()
t2.join()
assert sum(balance.values()) == 20
