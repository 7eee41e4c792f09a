# lockcheck: expect=exception
"""A producer keeps putting while the main thread shuts the queue down: a put on a shut-down
queue raises queue.ShutDown (3.13), uncaught in the producer."""
import threading
import queue

q = queue.Queue(maxsize=1)


def producer():
    q.put(1)
    q.put(2)  # blocks while the queue is full; shutdown() wakes it with ShutDown


t = threading.Thread(target=producer)
t.start()
q.shutdown()
t.join()
