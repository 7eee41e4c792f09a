# lockcheck: expect=lock-order
"""The shape of lock_order_handoff.py, but each thread releases the `room` it took itself, so
it is a held lock: one thread takes room under mutex, then mutex while holding room. Run one
after the other the two never deadlock, but the orders form a cycle: a lock-order warning."""
import threading

mutex = threading.Lock()
room = threading.Lock()


def reader():
    with mutex:
        room.acquire()
    with mutex:
        room.release()


r1 = threading.Thread(target=reader)
r1.start()
r1.join()
r2 = threading.Thread(target=reader)
r2.start()
r2.join()
