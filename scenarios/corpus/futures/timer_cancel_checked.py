"""timer_cancel_race.py with the race decided under a lock: the action runs only if the work
has not finished first, and the work counts as finished only if the action has not run, so
exactly one of the two happens, whether the cancel() comes in time or not."""
import threading
from threading import Timer

lock = threading.Lock()
fired = []
finished = []


def on_timeout():
    with lock:
        if not finished:
            fired.append("timeout")


watchdog = Timer(1.0, on_timeout)
watchdog.start()
result = sum(range(4))
with lock:
    if not fired:
        finished.append(result)
watchdog.cancel()
watchdog.join()
assert len(fired) + len(finished) == 1, (fired, finished)
assert watchdog.finished.is_set()
