# lockcheck: expect=assertion
"""threading.enumerate() as a test's "the worker is still running" check: right after start()
the worker is listed, but it may already have finished by the time the main thread looks, so
the count is 1, not 2 (a flaky test)."""
import threading

done = []


def worker():
    done.append(1)


t = threading.Thread(target=worker)
t.start()
assert len(threading.enumerate()) == 2, threading.enumerate()
t.join()
