# lockcheck: expect=exception
"""A reader divides by a shared count that a writer resets to zero; in the interleaving where
the reset comes first, ZeroDivisionError escapes the reader."""
import threading

count = 4
total = 100


def reader():
    share = total // count
    assert share >= 0


def resetter():
    global count
    count = 0


t1 = threading.Thread(target=reader)
t2 = threading.Thread(target=resetter)
t1.start()
t2.start()
t1.join()
t2.join()
