"""Threads with names, keyword arguments and output: the output of each step is part of the
trace, and the names follow CPython ("Thread-1 (worker)")."""
import threading

lock = threading.Lock()
seen = []


def worker(n, label="w"):
    with lock:
        seen.append(threading.current_thread().name)
        print(label, n, threading.current_thread().name)


t1 = threading.Thread(target=worker, args=(1,))
t2 = threading.Thread(target=worker, args=(2,), kwargs={"label": "x"}, name="second")
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(seen) == ["Thread-1 (worker)", "second"], seen
assert threading.main_thread().name == "MainThread"
