"""The transfers of `dict_key_locks.py` take the two keys' locks in one order (sorted by key),
so no wait cycle can form."""
import threading

locks = {name: threading.Lock() for name in ("alice", "bob")}
balance = {"alice": 10, "bob": 10}


def transfer(src, dst, amount):
    first, second = sorted((src, dst))
    with locks[first]:
        with locks[second]:
            balance[src] -= amount
            balance[dst] += amount


t1 = threading.Thread(target=transfer, args=("alice", "bob", 1))
t2 = threading.Thread(target=transfer, args=("bob", "alice", 2))
t1.start()
t2.start()
t1.join()
t2.join()
assert sum(balance.values()) == 20
