"""queue.SimpleQueue as a work queue: two workers take items until a None sentinel each (a
SimpleQueue has no task_done or join, so the main thread joins the workers), and every item is
handled once."""
import queue
import threading

q = queue.SimpleQueue()
done = []
lock = threading.Lock()


def worker():
    while True:
        item = q.get()
        if item is None:
            return
        with lock:
            done.append(item)


workers = [threading.Thread(target=worker) for _ in range(2)]
for w in workers:
    w.start()
for i in range(2):
    q.put(i)
for _ in workers:
    q.put(None)
for w in workers:
    w.join()
assert sorted(done) == [0, 1]
assert q.empty()
