# lockcheck: expect=starvation
"""Readers-writers, the lightswitch solution of The Little Book of Semaphores (4.2.2), with
Locks as the book's binary semaphores: the first reader in takes `room_empty`, the last one out
releases it, often not the same reader. Readers that keep overlapping keep the room busy in
turn, so the writer, never able to take it on the cycle but let in by a continuation where the
count drops to zero, starves, under either fairness. `room_empty` released by another thread
is a signal, not a held lock: no lock-order warning. readers_writers_turnstile.py is the fix."""
import threading

mutex = threading.Lock()
room_empty = threading.Lock()
readers = 0
done = False


def reader():
    global readers
    while not done:
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
    room_empty.acquire()
    done = True
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
