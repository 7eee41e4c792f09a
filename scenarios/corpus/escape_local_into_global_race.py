# lockcheck: expect=assertion
"""A list built in main's locals escapes: it is put in a tuple that is appended to a global
list. The worker finds it there, and both threads then add one to its item without a lock, so
an update can be lost. The list is never a global itself: it becomes shared at the append
(with the tuple around it), and from then on each read and write of it is a scheduling point."""
import threading

registry = []


def worker():
    name, box = registry[0]
    box[0] = box[0] + 1


def main():
    box = [0]
    registry.append(("main", box))
    t = threading.Thread(target=worker)
    t.start()
    box[0] = box[0] + 1
    t.join()
    assert box[0] == 2, f"lost update: {box[0]}"


main()
