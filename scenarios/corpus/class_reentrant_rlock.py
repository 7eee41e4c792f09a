# lockcheck: expect=pass
"""The fix of class_reentrant_lock_deadlock.py: the account's lock is an RLock, which its owner
may take again, so the locked method can call the other locked method. Every interleaving ends
with the balance 21."""
import threading


class Account:
    def __init__(self, balance):
        self.lock = threading.RLock()
        self.balance = balance

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def deposit_twice(self, amount):
        with self.lock:
            self.deposit(amount)
            self.deposit(amount)


account = Account(10)
t = threading.Thread(target=account.deposit_twice, args=(5,))
t.start()
account.deposit(1)
t.join()
assert account.balance == 21
print(account.balance)
