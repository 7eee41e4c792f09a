"""lock_tests RLockTests.test_reacquire and test_recursion_count: acquire, acquire, release,
acquire, release, release, with the recursion count at each step; another thread sees 0."""
import threading

lock = threading.RLock()
seen = []


def other():
    seen.append(lock._recursion_count())
    seen.append(lock._is_owned())


lock.acquire()
lock.acquire()
assert lock._recursion_count() == 2
t = threading.Thread(target=other)
t.start()
t.join()
lock.release()
lock.acquire()
lock.release()
assert lock._recursion_count() == 1
lock.release()
assert lock._recursion_count() == 0
assert seen == [0, False]
