# lockcheck: expect=starvation expect-strong=pass expect-cpython-3.13=pass
"""The fix of readers_writers_starvation.py, the book's no-starve solution (4.2.3): a turnstile
the writer holds while it waits for the room, so no new reader gets in. Under strong fairness
(locks that eventually hand over) it passes. Under weak fairness (Python's Lock promises no
more) a reader can barge through the turnstile every time before the writer takes it: the
book's solution assumes fair semaphores, so the writer can still starve there. CPython 3.13's
Lock is such a semaphore: its PyMutex hands the turnstile to the writer, parked on it, after
1 ms, so under --profile cpython-3.13 it passes."""
import threading

mutex = threading.Lock()
room_empty = threading.Lock()
turnstile = threading.Lock()
readers = 0
done = False


def reader():
    global readers
    while not done:
        turnstile.acquire()
        turnstile.release()
        mutex.acquire()
        readers += 1
        if readers == 1:
            room_empty.acquire()
        mutex.release()
        mutex.acquire()
        readers -= 1
        if readers == 0:
            room_empty.release()
        mutex.release()


def writer():
    global done
    turnstile.acquire()
    room_empty.acquire()
    done = True
    turnstile.release()
    room_empty.release()


r1 = threading.Thread(target=reader)
r2 = threading.Thread(target=reader)
w = threading.Thread(target=writer)
r1.start()
r2.start()
w.start()
w.join()
r1.join()
r2.join()
