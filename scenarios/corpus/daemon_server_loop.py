"""A daemon server thread serves a queue forever; the main thread puts two requests, waits for
them with join(), and ends. The server, blocked in get() or polling with a timeout, is dropped
when the program ends, as CPython drops daemon threads."""
import queue
import threading

requests = queue.Queue()
served = []


def server():
    while True:
        try:
            item = requests.get(timeout=0.5)
        except queue.Empty:
            continue
        served.append(item)
        requests.task_done()


threading.Thread(target=server, daemon=True).start()
requests.put(1)
requests.put(2)
requests.join()
assert served == [1, 2]
