# lockcheck: expect=deadlock
"""A thread-safe account class whose locked method calls another locked method of the same
object. With a plain Lock the inner `with self.lock:` blocks on the lock its own thread holds:
a thread deadlocks with itself (the fix, class_reentrant_rlock.py, uses an RLock)."""
import threading


class Account:
    def __init__(self, balance):
        self.lock = threading.Lock()
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
print(account.balance)
