"""A consumer that would never stop (as in queue_missing_sentinel.py), stopped by 3.13's
q.shutdown(): a get of the empty, shut-down queue raises queue.ShutDown (also in a consumer
already waiting, which shutdown() wakes), and the consumer stops after taking every item put
before it."""
import threading
import queue

q = queue.Queue()
got = []


def consumer():
    while True:
        try:
            item = q.get()
        except queue.ShutDown:
            break
        got.append(item)
        q.task_done()


t = threading.Thread(target=consumer)
t.start()
q.put(1)
q.put(2)
q.shutdown()
t.join()
assert got == [1, 2], got
