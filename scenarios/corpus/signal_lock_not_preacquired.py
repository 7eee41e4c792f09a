# lockcheck: expect=assertion,unlock-not-held
"""The done-signal of lock_released_by_other_thread.py without the first acquire: the main
thread's acquire does not wait (the assertion fails when it runs before the worker), and when
the worker signals first its release finds the lock unlocked."""
import threading

signal = threading.Lock()
result = []


def worker():
    result.append(42)
    signal.release()


t = threading.Thread(target=worker)
t.start()
signal.acquire()
assert result == [42], "main went on before the worker had finished"
t.join()
