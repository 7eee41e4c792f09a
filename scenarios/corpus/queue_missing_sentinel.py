# lockcheck: expect=deadlock
"""The same work queue with one sentinel for two workers: the second worker waits in get()
forever."""
import threading
import queue

q = queue.Queue()


def worker():
    while True:
        item = q.get()
        q.task_done()
        if item is None:
            break


workers = [threading.Thread(target=worker) for _ in range(2)]
for w in workers:
    w.start()
q.put(1)
q.put(None)
for w in workers:
    w.join()
