# lockcheck: expect=assertion
"""A LifoQueue where the consumer assumes first-in, first-out: the producer puts 1 then 2,
and the consumer, taking both once they are in, expects 1 first. The newest comes out first."""
import queue
import threading

q = queue.LifoQueue()
both_in = threading.Event()


def producer():
    q.put(1)
    q.put(2)
    both_in.set()


t = threading.Thread(target=producer)
t.start()
both_in.wait()
first = q.get()
t.join()
assert first == 1, f"got {first} first"
