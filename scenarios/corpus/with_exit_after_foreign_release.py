# lockcheck: expect=assertion,unlock-not-held
"""A rogue thread releases the lock the holder took with `with`, then takes it itself: the two
critical sections overlap (the holder's assertion fails), and each thread's exit from its
`with` releases whatever the lock is then, the other's hold included (the second release fails).
The holder's `with` exit and the rogue's release of the same lock are dependent steps even
though the holder no longer holds the lock."""
import threading

lock = threading.Lock()
buf = []


def holder():
    with lock:
        buf.append(1)
        assert len(buf) == 1
        buf.pop()


def rogue():
    lock.release()
    with lock:
        buf.append(2)
        buf.pop()


a = threading.Thread(target=holder)
b = threading.Thread(target=rogue)
a.start()
b.start()
a.join()
b.join()
