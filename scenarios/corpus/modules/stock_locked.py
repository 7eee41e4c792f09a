# lockcheck: expect=pass
"""The fix of stock_oversold.py: the check and the take under the module's lock."""
import threading

import shop.stock
from shop.stock import take_locked as take

sold = []


def buy():
    if take():
        sold.append(1)


ts = [threading.Thread(target=buy) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert len(sold) == 1 and shop.stock.items == 0, (sold, shop.stock.items)
