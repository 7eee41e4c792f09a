# lockcheck: expect=deadlock,lock-order
"""Two threads take the same two locks in opposite orders: each can hold one and wait for the
other forever."""
import threading

a = threading.Lock()
b = threading.Lock()


def one():
    with a:
        with b:
            pass


def two():
    with b:
        with a:
            pass


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
