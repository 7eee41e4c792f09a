# lockcheck: expect=starvation
"""readers_writers_starvation.py written with threading.Semaphore(1), as the book writes it.
CPython's Semaphore.acquire wakes on every release and queues again when a reader took the unit
first: those steps are the primitive's, not progress, so the writer starves (it is not one of
the threads of a livelock), under either fairness."""
import threading

mutex = threading.Semaphore(1)
room_empty = threading.Semaphore(1)
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
