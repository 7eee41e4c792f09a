# lockcheck: expect=pass
"""The fix of class_account_transfer.py: every account has a number, and transfer() takes the
lower-numbered account's lock first, so the two transfers cannot wait for each other."""
import threading


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.lock = threading.Lock()
        self.balance = balance


def transfer(src, dst, amount):
    first, second = (src, dst) if src.number < dst.number else (dst, src)
    with first.lock:
        with second.lock:
            src.balance -= amount
            dst.balance += amount


a = Account(1, 10)
b = Account(2, 10)
t1 = threading.Thread(target=transfer, args=(a, b, 1))
t2 = threading.Thread(target=transfer, args=(b, a, 2))
t1.start()
t2.start()
t1.join()
t2.join()
assert a.balance + b.balance == 20
print(a.balance, b.balance)
