# lockcheck: expect=pass
"""The fix of thread_star_args_race.py: one lock around each transfer, so the threads started
with unpacked arguments cannot interleave their updates of the balances."""
import threading

balances = {"a": 10, "b": 10, "c": 10}
lock = threading.Lock()


def transfer(src, dst, *, amount):
    with lock:
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
