"""The main thread spin-waits on a flag that a worker sets. The spinning can go on as long as
the worker does not run, but the worker can always run (it waits for nothing), so under weak
fairness it eventually does: no starvation, no livelock."""
import threading

ready = False


def setter():
    global ready
    ready = True


t = threading.Thread(target=setter)
t.start()
while not ready:
    pass
t.join()
