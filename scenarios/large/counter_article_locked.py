# lockcheck: max-states=1500000
"""The fix for counter_article_racy.py: each read and write of the counter happens under one
lock, so no update is lost and the total after the joins is 400,000. Four threads of 100,000
locked increments have more interleavings than any search can store, so the check is bounded
(max-states, the same bound that finds the racy version's lost update) and says so: no bug in
the states it stored, verdict incomplete. corpus/locked_counter.py proves the same fix
exhaustively at a size a search covers."""
import threading

counter = 0
lock = threading.Lock()


def increment():
    global counter
    for _ in range(100000):
        with lock:
            counter += 1


threads = [threading.Thread(target=increment) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 400000, f"lost updates: counter is {counter}"
