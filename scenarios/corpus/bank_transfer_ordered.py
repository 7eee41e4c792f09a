"""The fix for bank_transfer.py: lock the accounts in index order, whatever the direction; the
total is preserved in every interleaving."""
import threading

balances = [100, 100]
locks = [threading.Lock(), threading.Lock()]


def transfer(src, dst, amount):
    first, second = min(src, dst), max(src, dst)
    with locks[first]:
        with locks[second]:
            balances[src] -= amount
            balances[dst] += amount


t1 = threading.Thread(target=transfer, args=(0, 1, 10))
t2 = threading.Thread(target=transfer, args=(1, 0, 20))
t1.start()
t2.start()
t1.join()
t2.join()
assert sum(balances) == 200
assert balances == [110, 90]
