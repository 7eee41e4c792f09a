# lockcheck: expect=pass
"""The fix of excepthook_none.py: threading.excepthook is set, before the workers start, to a
hook that records each failed thread and its exception under a lock. The hook runs in the
failing thread, which is still alive while it does; the exception is handled (no finding),
and the main thread checks that exactly one worker failed, with IndexError, and one did the
job."""
import threading

jobs = [1]
lock = threading.Lock()
done = []
errors = []


def collect(args):
    with lock:
        errors.append((args.thread.name, args.exc_type))


threading.excepthook = collect


def worker():
    with lock:
        job = jobs.pop()
    done.append(job)


t1 = threading.Thread(target=worker, name="w1")
t2 = threading.Thread(target=worker, name="w2")
t1.start()
t2.start()
t1.join()
t2.join()
assert len(errors) == 1 and errors[0][1] is IndexError, errors
assert done == [1], done
threading.excepthook = threading.__excepthook__
