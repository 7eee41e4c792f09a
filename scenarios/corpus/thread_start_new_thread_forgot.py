# lockcheck: expect=deadlock
"""The same pattern as thread_start_new_thread.py, but the worker forgets to release the lock on
one path, so the main thread waits forever."""
import _thread

done = _thread.allocate_lock()
results = []


def worker(n):
    if n > 5:
        results.append(n)
        return
    done.release()


done.acquire()
_thread.start_new_thread(worker, (7,))
done.acquire()
