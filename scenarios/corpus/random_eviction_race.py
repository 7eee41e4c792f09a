# lockcheck: expect=exception
"""Random eviction races a reader that checks, then reads, without the lock: the evictor drops
one key drawn with random.choice, and only when it draws the key the reader has just checked
does the reader's cache["b"] raise KeyError. lockcheck explores every key the draw can return;
the counterexample shows `random.choice(...)  drew 'b'`."""
import random
import threading

lock = threading.Lock()
cache = {"a": 1, "b": 2, "c": 3}
seen = []


def reader():
    if "b" in cache:
        seen.append(cache["b"])  # KeyError when "b" was evicted since the check


def evictor():
    victim = random.choice(("a", "b", "c"))
    with lock:
        del cache[victim]


threads = [threading.Thread(target=reader), threading.Thread(target=evictor)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(cache) == 2
