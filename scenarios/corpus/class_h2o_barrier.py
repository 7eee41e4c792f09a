# lockcheck: expect=pass
"""The H2O problem with a class: two Semaphores let at most two hydrogen threads and one oxygen
thread at a time reach a Barrier of three, so each molecule forms from exactly two H and one
O. Two hydrogen threads and one oxygen thread make one molecule. (The buggy version,
class_h2o_barrier_leftover.py, starts a hydrogen thread too many.)"""
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
threads = [threading.Thread(target=water.hydrogen) for _ in range(2)]
threads.append(threading.Thread(target=water.oxygen))
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(water.out) == ["H", "H", "O"]
