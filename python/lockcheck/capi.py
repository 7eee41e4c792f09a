"""Stand-ins for the C API of free-threaded CPython, so that a scenario written for lockcheck's
model of `PyMutex` and critical sections also runs under plain `python3`.

lockcheck checks `from lockcheck.capi import ...` against its own model of CPython's
`Python/lock.c` (primitives/pymutex.cc); here plain `threading.Lock`s stand in, with the same
names and the same failures: `PyMutex_Unlock` of an unlocked mutex is a fatal error, which ends
the process as `Py_FatalError` does. Put `python/` of a lockcheck checkout on `PYTHONPATH`.
"""

import os
import sys
import threading

__all__ = ["PyMutex", "PyMutex_Lock", "PyMutex_Unlock", "PyMutex_IsLocked"]


class PyMutex:
    """A one-byte mutex with no owner (`PyMutex` of `Include/cpython/lock.h`)."""

    __slots__ = ("_lock",)

    def __init__(self):
        self._lock = threading.Lock()

    def __repr__(self):
        state = "locked" if self._lock.locked() else "unlocked"
        return f"<{state} lockcheck.capi.PyMutex object at {id(self):#x}>"


def _mutex(fn, m):
    if not isinstance(m, PyMutex):
        raise TypeError(f"{fn}() takes one PyMutex (got {type(m).__name__})")
    return m._lock


def PyMutex_Lock(m):
    """Blocks until the mutex is free, then takes it."""
    _mutex("PyMutex_Lock", m).acquire()


def PyMutex_Unlock(m):
    """Frees the mutex; a fatal error when it is not locked."""
    lock = _mutex("PyMutex_Unlock", m)
    try:
        lock.release()
    except RuntimeError:
        sys.stdout.flush()
        sys.stderr.write("Fatal Python error: PyMutex_Unlock: unlocking mutex that is not locked\n")
        sys.stderr.flush()
        os.abort()


def PyMutex_IsLocked(m):
    """Whether the mutex is locked (by any thread)."""
    return _mutex("PyMutex_IsLocked", m).locked()
