"""The fix for division_by_zero_race.py: read the count once into a local, and check it."""
import threading

count = 4
total = 100


def reader():
    c = count
    if c != 0:
        share = total // c
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
