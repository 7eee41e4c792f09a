"""The fix of `dict_iterate_while_insert.py`: registering and the shutdown's snapshot of the
registry both hold one lock, and the loop walks the copy, so no insert lands inside it."""
import threading

registry_lock = threading.Lock()
registry = {"worker-0": []}
stopped = []


def register():
    with registry_lock:
        registry["worker-1"] = []


def shutdown():
    with registry_lock:
        items = list(registry.items())
    for name, inbox in items:
        inbox.append(None)
        stopped.append(name)


t = threading.Thread(target=register)
t.start()
shutdown()
t.join()
assert len(stopped) in (1, 2)
