"""The main thread polls an Event with a timeout and does other work between polls. The polling
loop can time out again and again, but time passes in a timeout: the worker, able to run, gets
to set the Event. Not starvation."""
import threading

ready = threading.Event()
polls = 0


def worker():
    ready.set()


t = threading.Thread(target=worker)
t.start()
while not ready.wait(timeout=0.1):
    pass
t.join()
