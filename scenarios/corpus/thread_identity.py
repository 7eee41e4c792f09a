"""Thread identity and status: get_ident() (threading's and _thread's agree), main_thread(),
current_thread(), the daemon flag, is_alive() before start and after join, and locked()."""
import threading
import _thread

lock = threading.Lock()
idents = []


def worker():
    assert threading.current_thread() is not threading.main_thread()
    assert threading.get_ident() == _thread.get_ident()
    with lock:
        assert lock.locked()
        idents.append(threading.get_ident())


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker, daemon=True)
assert not t1.daemon and t2.daemon
assert not t1.is_alive() and not t2.is_alive()
t1.start()
t2.start()
t1.join()
t2.join()
assert not t1.is_alive() and not t2.is_alive()
assert len(idents) == 2
assert threading.get_ident() not in idents
assert threading.current_thread() is threading.main_thread()
assert not lock.locked()
