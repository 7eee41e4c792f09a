# lockcheck: expect=pass
"""Each worker builds its batch in a local list (appends, a sort, a sum) and publishes only the
total, under the lock. No other thread can reach the batch, so its operations are not
scheduling points: the local work costs no interleavings."""
import threading

lock = threading.Lock()
total = 0


def worker(seed):
    global total
    batch = []
    for i in range(5):
        batch.append((seed * 7 + i * 3) % 5)
    batch.sort()
    s = sum(batch)
    assert batch == [0, 1, 2, 3, 4], f"batch {batch}"
    with lock:
        total += s


t1 = threading.Thread(target=worker, args=(1,))
t2 = threading.Thread(target=worker, args=(2,))
t1.start()
t2.start()
t1.join()
t2.join()
assert total == 20, f"total {total}"
