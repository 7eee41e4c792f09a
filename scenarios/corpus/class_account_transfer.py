# lockcheck: expect=deadlock,lock-order
"""Two accounts, each an object with its own lock; transfer() takes the source account's lock,
then the target's. Two opposite transfers can each hold one lock and wait for the other (the fix,
class_account_transfer_ordered.py, takes the locks in the order of the accounts' numbers)."""
import threading


class Account:
    def __init__(self, balance):
        self.lock = threading.Lock()
        self.balance = balance


def transfer(src, dst, amount):
    with src.lock:
        with dst.lock:
            src.balance -= amount
            dst.balance += amount


a = Account(10)
b = Account(10)
t1 = threading.Thread(target=transfer, args=(a, b, 1))
t2 = threading.Thread(target=transfer, args=(b, a, 2))
t1.start()
t2.start()
t1.join()
t2.join()
