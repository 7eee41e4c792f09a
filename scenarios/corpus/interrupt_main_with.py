# lockcheck: expect=pass
"""The fix of interrupt_main_lock_leak.py: main holds the lock in a `with` block, so the
KeyboardInterrupt that _thread.interrupt_main() causes, wherever it falls after the watchdog
set the flag (in the block, after it, or after the join, which returns only once the watchdog
is done), leaves the block through its __exit__ and releases the lock; the watchdog gets it and
ends, and main's handler joins it. The interrupt always comes, inside the try."""
import threading
import _thread

lock = threading.Lock()
go = threading.Event()
values = [1, 2]
interrupted = []


def watchdog():
    go.wait()
    _thread.interrupt_main()
    with lock:
        pass


t = threading.Thread(target=watchdog)
t.start()
try:
    with lock:
        go.set()
        total = sum(values)
    t.join()
except KeyboardInterrupt:
    interrupted.append(True)
t.join()
assert interrupted == [True]
