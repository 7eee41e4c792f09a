# lockcheck: expect=livelock
"""A worker polls a stop flag in a `for` loop over an endless iterator object (its __next__
never raises StopIteration); main never sets the flag, so the worker spins forever. A for loop
over a class's iterator can come back to the state it started from, so it is a loop for the
cycle checks like a while loop (the fix, class_iterator_spin_fixed.py, sets the flag)."""
import threading


class Forever:
    def __iter__(self):
        return self

    def __next__(self):
        return 1


stop = False


def spin():
    for _ in Forever():
        if stop:
            break


t = threading.Thread(target=spin)
t.start()
stop = False
