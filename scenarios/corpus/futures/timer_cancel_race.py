# lockcheck: expect=assertion
"""A watchdog Timer is cancelled once the work is done, and the code assumes its action then
never ran. But the timer may already have fired: cancel() only stops a timer still waiting
(its Event wait either ends by cancel() or times out; lockcheck explores both)."""
import threading

fired = []


def on_timeout():
    fired.append("timeout")


watchdog = threading.Timer(1.0, on_timeout)
watchdog.start()
result = sum(range(4))
watchdog.cancel()
watchdog.join()
assert fired == [], fired
