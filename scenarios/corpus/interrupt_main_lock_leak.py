# lockcheck: expect=deadlock
"""A watchdog thread, once main has started its work, interrupts the main thread with
_thread.interrupt_main() and then takes the lock main works under. interrupt_main only sets
CPython's tripped-SIGINT flag (no real signal is sent), and main raises KeyboardInterrupt at
its next eval-breaker check (after a call returns: here sum()); when that falls while main
holds the lock, taken and released by hand, main's handler never releases it, the watchdog waits for it forever and main's join
waits for the watchdog. The fix, interrupt_main_with.py, holds the lock in a `with` block.
(Under python3 this hangs in that interleaving.)"""
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
    lock.acquire()
    go.set()
    total = sum(values)
    lock.release()
    t.join()
except KeyboardInterrupt:
    interrupted.append(True)
t.join()
