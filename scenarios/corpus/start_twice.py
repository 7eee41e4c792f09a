# lockcheck: expect=exception
"""Starting a thread twice: RuntimeError('threads can only be started once')."""
import threading


def worker():
    pass


t = threading.Thread(target=worker)
t.start()
t.start()
t.join()
