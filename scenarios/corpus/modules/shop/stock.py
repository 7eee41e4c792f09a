"""Stock kept in a module global: a shared global of the program."""
import threading

lock = threading.Lock()
items = 1


def take():
    global items
    if items > 0:
        items = items - 1
        return True
    return False


def take_locked():
    global items
    with lock:
        if items > 0:
            items = items - 1
            return True
        return False
