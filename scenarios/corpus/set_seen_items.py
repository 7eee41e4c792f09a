# lockcheck: expect=assertion
"""Two workers share a set of seen items to process each item once; the membership test and the
add are separate steps, so both can see an item as new and both process it."""
import threading

seen = set()
processed = []


def worker(items):
    for item in items:
        if item not in seen:
            seen.add(item)
            processed.append(item)


t1 = threading.Thread(target=worker, args=([1, 2],))
t2 = threading.Thread(target=worker, args=([2, 3],))
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(processed) == [1, 2, 3], processed
