"""lock_tests RLockTests.test__is_owned: False; acquire -> True; acquire -> True; another thread
sees False; release -> True; release -> False."""
import threading

lock = threading.RLock()
seen = []


def other():
    seen.append(lock._is_owned())


assert not lock._is_owned()
lock.acquire()
assert lock._is_owned()
lock.acquire()
assert lock._is_owned()
t = threading.Thread(target=other)
t.start()
t.join()
assert seen == [False]
lock.release()
assert lock._is_owned()
lock.release()
assert not lock._is_owned()
