# lockcheck: expect=assertion
"""`from pkg.mod import Name`: two buyers check-then-act on a package module's global, and the
last item is sold twice."""
import threading

from shop.stock import take
from shop import stock

sold = []


def buy():
    if take():
        sold.append(1)


ts = [threading.Thread(target=buy) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert len(sold) == 1 and stock.items == 0, (sold, stock.items)
