# lockcheck: expect=assertion
"""A lost update on a list item: `counts[0] += 1` reads the item, then writes it, so two
threads can both read 0 and both write 1."""
import threading

counts = [0]


def bump():
    counts[0] += 1


t1 = threading.Thread(target=bump)
t2 = threading.Thread(target=bump)
t1.start()
t2.start()
t1.join()
t2.join()
assert counts[0] == 2, f"lost update: {counts}"
