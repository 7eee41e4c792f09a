"""The rogue of with_exit_after_foreign_release.py without its stray release(): both critical
sections are `with lock:` blocks, so they never overlap and every release is the holder's."""
import threading

lock = threading.Lock()
buf = []


def holder():
    with lock:
        buf.append(1)
        assert len(buf) == 1
        buf.pop()


def rogue():
    with lock:
        buf.append(2)
        buf.pop()


a = threading.Thread(target=holder)
b = threading.Thread(target=rogue)
a.start()
b.start()
a.join()
b.join()
