# lockcheck: expect=deadlock
"""The H2O problem of class_h2o_barrier.py with three hydrogen threads and one oxygen thread:
after the one molecule forms, the third hydrogen thread waits at the Barrier for two more
parties that never come, and the main thread waits in join() for it."""
import threading


class H2O:
    def __init__(self):
        self.h = threading.Semaphore(2)
        self.o = threading.Semaphore(1)
        self.barrier = threading.Barrier(3)
        self.out = []

    def hydrogen(self):
        with self.h:
            self.barrier.wait()
            self.out.append("H")

    def oxygen(self):
        with self.o:
            self.barrier.wait()
            self.out.append("O")


water = H2O()
threads = [threading.Thread(target=water.hydrogen) for _ in range(3)]
threads.append(threading.Thread(target=water.oxygen))
for t in threads:
    t.start()
for t in threads:
    t.join()
