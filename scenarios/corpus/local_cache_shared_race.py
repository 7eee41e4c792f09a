# lockcheck: expect=assertion
"""A one-entry memo cache (the last key and its value) kept on one object all threads share:
between a thread's `cache.key = n` and its read of `cache.value`, another thread can fill the
cache with its own key, and the first thread returns the other's square. The fix,
local_cache_thread_local.py, keeps the cache on a threading.local(), one per thread."""
import threading


class Cache:
    pass


cache = Cache()


def square(n):
    if getattr(cache, "key", None) != n:
        cache.key = n
        cache.value = n * n
    return cache.value


def worker(n):
    for _ in range(2):
        r = square(n)
        assert r == n * n, (n, r)


t1 = threading.Thread(target=worker, args=(2,))
t2 = threading.Thread(target=worker, args=(3,))
t1.start()
t2.start()
t1.join()
t2.join()
