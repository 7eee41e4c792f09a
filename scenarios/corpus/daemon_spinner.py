"""A daemon thread that loops forever, sleeping; the main thread does its work and ends. The
program ends with it."""
import threading
import time

ticks = []


def spinner():
    while True:
        time.sleep(0)


t = threading.Thread(target=spinner, daemon=True)
t.start()
ticks.append(1)
assert ticks == [1]
