"""The fix: wait for every thread but the main one through threading.enumerate(), the usual
"join all" idiom, then check that only the main thread is left (first in the list, as in
CPython)."""
import threading

done = []
lock = threading.Lock()


def worker():
    with lock:
        done.append(1)


for _ in range(2):
    threading.Thread(target=worker).start()
for t in threading.enumerate():
    if t is not threading.main_thread():
        t.join()
assert threading.enumerate() == [threading.main_thread()]
assert threading.active_count() == 1
assert len(done) == 2
