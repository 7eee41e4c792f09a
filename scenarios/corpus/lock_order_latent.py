# lockcheck: expect=lock-order
"""The first worker takes a then b; the second takes b then a. The main thread starts the second
only after joining the first, so no interleaving deadlocks, and a plain search finds nothing.
But the two orders form a cycle: the day the workers overlap (a refactoring starts both, a pool
runs them), they can deadlock. The lock-order check reports it now, as lockdep would."""
import threading

a = threading.Lock()
b = threading.Lock()


def first():
    with a:
        with b:
            pass


def second():
    with b:
        with a:
            pass


t1 = threading.Thread(target=first)
t1.start()
t1.join()
t2 = threading.Thread(target=second)
t2.start()
t2.join()
