"""The fix: a LifoQueue used as the stack it is. The producer puts 1 then 2; once both are in,
the consumer takes the newest, 2, first."""
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
assert first == 2, f"got {first} first"
