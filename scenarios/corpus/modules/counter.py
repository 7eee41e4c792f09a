"""A helper module of counter_race.py and counter_locked.py: a hit counter."""
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def hit(self):
        v = self.value
        self.value = v + 1

    def hit_locked(self):
        with self.lock:
            v = self.value
            self.value = v + 1
