"""The other fix for join_timeout_assert.py: a join(timeout) that may time out is followed by a
check of is_alive(), and a plain join when the thread still runs."""
import threading

results = []


def worker():
    results.append(1)


t = threading.Thread(target=worker)
t.start()
t.join(timeout=0.1)
if t.is_alive():
    t.join()
assert not t.is_alive()
assert results == [1]
