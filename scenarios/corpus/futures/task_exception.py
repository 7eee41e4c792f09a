# lockcheck: expect=exception
"""A task raises; its future keeps the exception and result() raises it again in the caller,
which does not catch it."""
from concurrent.futures import ThreadPoolExecutor


def parse(text):
    return int(text)


with ThreadPoolExecutor(max_workers=1) as pool:
    f = pool.submit(parse, "x")
    print(f.result())
