# lockcheck: expect=exception
"""Two workers each take one job from a shared list that holds one; whichever comes second
finds it empty (IndexError), and with no threading.excepthook of the program's own the
exception escapes the thread: CPython prints "Exception in thread ..." and goes on, lockcheck
reports it. The fix, excepthook_collect_errors.py, installs a hook that collects the errors
for the main thread to handle."""
import threading

jobs = [1]
lock = threading.Lock()
done = []


def worker():
    with lock:
        job = jobs.pop()
    done.append(job)


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
