# lockcheck: expect=pass
"""The fix of local_cache_shared_race.py: the one-entry memo cache lives on a threading.local(),
so each thread reads and fills only its own key and value (and, being thread-local, the cache
costs no interleavings). The main thread's entry is invisible to the workers."""
import threading

cache = threading.local()
cache.key = None


def square(n):
    if getattr(cache, "key", None) != n:
        cache.key = n
        cache.value = n * n
    return cache.value


def worker(n):
    assert not hasattr(cache, "value")
    for _ in range(2):
        r = square(n)
        assert r == n * n, (n, r)


t1 = threading.Thread(target=worker, args=(2,))
t2 = threading.Thread(target=worker, args=(3,))
t1.start()
t2.start()
t1.join()
t2.join()
assert cache.key is None and not hasattr(cache, "value")
