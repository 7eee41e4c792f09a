"""cancel_before_run.py, checking cancelled() before asking for the result: the cancelled task
never runs, and the first one finishes."""
import threading
from concurrent.futures import CancelledError, ThreadPoolExecutor

go = threading.Event()

with ThreadPoolExecutor(max_workers=1) as pool:
    first = pool.submit(go.wait)
    second = pool.submit(print, "second ran")
    assert second.cancel()
    go.set()
    assert second.cancelled()
    assert second.done()
    assert not second.running()
    try:
        second.result()
    except CancelledError:
        print("second was cancelled")
    assert first.result() is True
