# lockcheck: expect=assertion
"""A blocking queue.get() inside a critical section suspends it: while the consumer waits, the
producer's section on the same object runs, so the consumer's section is not atomic."""
import threading
import queue
from lockcheck.capi import critical_section

q = queue.Queue()
state = [0]


def consumer():
    with critical_section(state):
        state[0] = 1
        q.get()  # waits: the section on state is suspended
        assert state[0] == 1, state


def producer():
    with critical_section(state):
        state[0] = 2
    q.put("go")


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
