"""queue.Queue as a work queue: two workers take items until a None sentinel each, mark every
item done, and main's join() returns only when all are processed."""
import threading
import queue

q = queue.Queue()
done = []
lock = threading.Lock()


def worker():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        with lock:
            done.append(item)
        q.task_done()


workers = [threading.Thread(target=worker) for _ in range(2)]
for w in workers:
    w.start()
for i in range(2):
    q.put(i)
q.put(None)
q.put(None)
q.join()
assert sorted(done) == [0, 1]
for w in workers:
    w.join()
