# lockcheck: expect=assertion
"""Threads started with *args: each transfer(src, dst, *, amount) thread is given its accounts
by unpacking a tuple (`args=(*pair,)`) and its amount by `**options`. The transfers read and
write the shared balances without a lock, so two of them can interleave and lose an update.
The fix, thread_star_args_locked.py, takes one lock around each transfer."""
import threading

balances = {"a": 10, "b": 10, "c": 10}


def transfer(src, dst, *, amount):
    s = balances[src]
    d = balances[dst]
    balances[src] = s - amount
    balances[dst] = d + amount


def start(*accounts, **options):
    t = threading.Thread(target=transfer, args=(*accounts,), kwargs={**options})
    t.start()
    return t


threads = [start("a", "b", amount=1), start("b", "c", amount=2)]
for t in threads:
    t.join()
assert sum(balances.values()) == 30, balances
print(balances)
