# lockcheck: expect=exception
"""The only worker is busy until an event is set, so the second task is still queued when it is
cancelled: its result() raises CancelledError, which the caller does not expect."""
import threading
from concurrent.futures import ThreadPoolExecutor

go = threading.Event()

with ThreadPoolExecutor(max_workers=1) as pool:
    first = pool.submit(go.wait)
    second = pool.submit(print, "second ran")
    assert second.cancel()
    go.set()
    print(second.result())
