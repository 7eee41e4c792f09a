# lockcheck: expect=pass
"""The fix of class_buffer_notify.py: put() and get() wake every waiter with notify_all(), so a
waiter that can go on is always among those woken, and every thread finishes."""
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
            self.cond.notify_all()

    def get(self):
        with self.cond:
            while len(self.items) == 0:
                self.cond.wait()
            item = self.items.pop(0)
            self.cond.notify_all()
            return item


buf = BoundedBuffer(1)
threads = [threading.Thread(target=buf.put, args=(1,)), threading.Thread(target=buf.put, args=(2,)),
           threading.Thread(target=buf.get), threading.Thread(target=buf.get)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(buf.items))
