# lockcheck: expect=assertion
"""queue_shutdown_consumer.py with q.shutdown(immediate=True): the items still queued are dropped
(and count as done), so the consumer may miss some of them."""
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
q.shutdown(immediate=True)
t.join()
q.join()  # the dropped items count as done: join() returns
assert got == [1, 2], got
