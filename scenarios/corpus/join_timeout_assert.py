# lockcheck: expect=assertion
"""join(timeout) can return while the thread still runs; asserting it finished is a bug."""
import threading

results = []


def worker():
    results.append(1)


t = threading.Thread(target=worker)
t.start()
t.join(timeout=0.1)
assert not t.is_alive(), "worker still running after join(timeout)"
