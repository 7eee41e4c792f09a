# lockcheck's bundled concurrent.futures: CPython 3.13's algorithms (Lib/concurrent/futures/),
# written in the scenario language and run by the VM like the user's code. ThreadPoolExecutor
# only: a ProcessPoolExecutor is refused (AttributeError at the import). Departures:
# primitives/FIDELITY.md, "concurrent.futures".
from concurrent.futures._base import (FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED,
                                      CancelledError, InvalidStateError,
                                      BrokenExecutor, Future, Executor, wait, as_completed)
from concurrent.futures._base import _TimeoutError as TimeoutError
from concurrent.futures.thread import ThreadPoolExecutor
