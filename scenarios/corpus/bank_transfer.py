# lockcheck: expect=deadlock,lock-order
"""Two accounts, each with its own lock. A transfer locks the source, then the destination;
two transfers in opposite directions can each hold one account."""
import threading

balances = [100, 100]
locks = [threading.Lock(), threading.Lock()]


def transfer(src, dst, amount):
    with locks[src]:
        with locks[dst]:
            balances[src] -= amount
            balances[dst] += amount


t1 = threading.Thread(target=transfer, args=(0, 1, 10))
t2 = threading.Thread(target=transfer, args=(1, 0, 20))
t1.start()
t2.start()
t1.join()
t2.join()
assert sum(balances) == 200
