# lockcheck: expect=pass
"""The fix of class_iterator_spin.py: main sets the stop flag and joins the worker, whose for
loop over the endless iterator then breaks."""
import threading


class Forever:
    def __iter__(self):
        return self

    def __next__(self):
        return 1


stop = False


def spin():
    for _ in Forever():
        if stop:
            break


t = threading.Thread(target=spin)
t.start()
stop = True
t.join()
print("stopped")
