"""lock_tests LockTests.test_reacquire: a thread that holds a Lock blocks on a second acquire()
until main releases it; then the second acquire succeeds."""
import threading

lock = threading.Lock()
phase = []


def f():
    lock.acquire()
    phase.append(1)
    lock.acquire()
    phase.append(2)


t = threading.Thread(target=f)
t.start()
while len(phase) == 0:
    pass
lock.release()
t.join()
assert phase == [1, 2]
