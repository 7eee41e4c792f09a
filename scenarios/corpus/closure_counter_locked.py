# lockcheck: expect=pass
"""The fix of closure_counter_race.py: the closure takes a Lock of the enclosing function (a
second captured variable) around `count += 1`."""
import threading


def run_workers():
    count = 0
    lock = threading.Lock()

    def work():
        nonlocal count
        with lock:
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
