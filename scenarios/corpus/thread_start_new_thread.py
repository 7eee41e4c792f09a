"""The classic _thread pattern: the main thread holds a lock, the worker releases it when done,
and the main thread acquires it again to wait for the worker."""
import _thread

done = _thread.allocate_lock()
results = []


def worker(n):
    results.append(n * n)
    done.release()


done.acquire()
_thread.start_new_thread(worker, (7,))
done.acquire()
assert results == [49]
