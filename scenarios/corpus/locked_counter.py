"""The fix for lost_update.py: the read and the write happen under one lock."""
import threading

counter = 0
lock = threading.Lock()


def work():
    global counter
    for _ in range(2):
        with lock:
            counter += 1


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 4, f"lost update: counter is {counter}"
