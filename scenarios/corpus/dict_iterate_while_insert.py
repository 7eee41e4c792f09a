# lockcheck: expect=exception
"""bpo-43498's shape: shutdown walks a registry dict while another thread registers a worker in
it. The loop's next step finds the dict one item larger and raises
`RuntimeError: dictionary changed size during iteration`."""
import threading

registry = {"worker-0": []}
stopped = []


def register():
    registry["worker-1"] = []


def shutdown():
    for name, inbox in registry.items():
        inbox.append(None)
        stopped.append(name)


t = threading.Thread(target=register)
t.start()
shutdown()
t.join()
