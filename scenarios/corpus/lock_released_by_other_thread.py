"""A plain Lock has no owner: one thread may acquire it and another release it (CPython's
test_different_thread). The main thread waits for the worker's signal this way."""
import threading

signal = threading.Lock()
signal.acquire()
result = []


def worker():
    result.append(42)
    signal.release()


t = threading.Thread(target=worker)
t.start()
signal.acquire()
assert result == [42]
t.join()
