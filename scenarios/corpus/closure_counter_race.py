# lockcheck: expect=assertion
"""Two threads run the same closure, which adds one to a variable of the enclosing function
with `nonlocal count; count += 1`: the cell is shared by both threads, so the read and the
write can interleave and an update is lost (the fix, closure_counter_locked.py, holds a lock
that is captured the same way)."""
import threading


def run_workers():
    count = 0

    def work():
        nonlocal count
        count += 1

    workers = [threading.Thread(target=work), threading.Thread(target=work)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return count


result = run_workers()
assert result == 2, result
print(result)
