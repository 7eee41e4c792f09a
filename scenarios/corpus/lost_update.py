# lockcheck: expect=assertion
"""Two threads increment a global twice each without a lock. `counter += 1` is a read then a
write, so one thread can overwrite the other's update and the total can end below 4."""
import threading

counter = 0


def work():
    global counter
    for _ in range(2):
        counter += 1


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 4, f"lost update: counter is {counter}"
