"""A thread polls a lock with a timed acquire while another holds it for a while; it keeps
trying until it gets the lock. The holder can always run to its release, so the polling ends."""
import threading

lock = threading.Lock()
got = []


def holder():
    with lock:
        got.append("holder")


def poller():
    while not lock.acquire(timeout=0.1):
        pass
    got.append("poller")
    lock.release()


t1 = threading.Thread(target=holder)
t2 = threading.Thread(target=poller)
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(got) == ["holder", "poller"]
