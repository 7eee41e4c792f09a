"""Threads with and without a name=, printing under a lock: each sees its own name through
current_thread(), default names follow CPython ("Thread-1 (worker)"), and print is a visible
step of the trace."""
import threading

lock = threading.Lock()
seen = []


def worker(n, label="w"):
    me = threading.current_thread().name
    with lock:
        seen.append(me)
        print(label, n, me)


t1 = threading.Thread(target=worker, args=(1,))
t2 = threading.Thread(target=worker, args=(2, "x"), name="second")
assert t1.name == "Thread-1 (worker)", t1.name
assert t2.name == "second"
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(seen) == ["Thread-1 (worker)", "second"], seen
assert threading.current_thread().name == "MainThread"
assert threading.main_thread().name == "MainThread"
print("main saw", len(seen), "threads")
