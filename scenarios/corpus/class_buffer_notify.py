# lockcheck: expect=deadlock
"""A bounded buffer class with room for one item and one Condition, used by two producers and
two consumers (one item each). put() and get() wake a single waiter with notify(); a producer
can wake the other producer instead of a consumer (or a consumer the other consumer), and then
everybody waits (the fix, class_buffer_notify_all.py, wakes every waiter)."""
import threading


class BoundedBuffer:
    def __init__(self, capacity):
        self.cond = threading.Condition()
        self.items = []
        self.capacity = capacity

    def put(self, item):
        with self.cond:
            while len(self.items) == self.capacity:
                self.cond.wait()
            self.items.append(item)
            self.cond.notify()

    def get(self):
        with self.cond:
            while len(self.items) == 0:
                self.cond.wait()
            item = self.items.pop(0)
            self.cond.notify()
            return item


buf = BoundedBuffer(1)
threads = [threading.Thread(target=buf.put, args=(1,)), threading.Thread(target=buf.put, args=(2,)),
           threading.Thread(target=buf.get), threading.Thread(target=buf.get)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(buf.items))
