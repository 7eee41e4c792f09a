"""The fix for join_timeout_assert.py: a plain join waits until the thread is done."""
import threading

results = []


def worker():
    results.append(1)


t = threading.Thread(target=worker)
t.start()
t.join()
assert not t.is_alive()
assert results == [1]
