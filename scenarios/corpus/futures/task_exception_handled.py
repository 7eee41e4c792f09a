"""task_exception.py with the failure handled: exception() returns the ValueError, result()
raises it again and the caller catches it."""
from concurrent.futures import ThreadPoolExecutor


def parse(text):
    return int(text)


with ThreadPoolExecutor(max_workers=1) as pool:
    f = pool.submit(parse, "x")
    assert isinstance(f.exception(), ValueError)
    try:
        f.result()
    except ValueError:
        print("parse failed")
