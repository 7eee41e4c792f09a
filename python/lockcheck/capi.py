"""Stand-ins for the C API of free-threaded CPython, so that a scenario written for lockcheck's
model of `PyMutex` and critical sections also runs under plain `python3`.

lockcheck checks `from lockcheck.capi import ...` against its own model of CPython's
`Python/lock.c` and `Python/critical_section.c` (primitives/pymutex.cc, critical_section.cc);
here plain locks stand in, with the same names and the same failures: `PyMutex_Unlock` of an
unlocked mutex is a fatal error, which ends the process as `Py_FatalError` does. A critical
section holds a per-object reentrant lock for its whole body (it is never suspended here).
Put `python/` of a lockcheck checkout on `PYTHONPATH`.
"""

import os
import sys
import threading

__all__ = ["PyMutex", "PyMutex_Lock", "PyMutex_Unlock", "PyMutex_IsLocked",
           "critical_section", "critical_section2"]


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


_object_locks = {}
_object_locks_guard = threading.Lock()


def _object_lock(obj):
    # One lock per object identity, kept for the life of the process (an id can be reused
    # only after its object died, and then sharing its lock is harmless).
    with _object_locks_guard:
        return _object_locks.setdefault(id(obj), threading.RLock())


class critical_section:
    """`with critical_section(obj):` is Py_BEGIN_CRITICAL_SECTION(obj) ... END."""

    def __init__(self, obj):
        self._locks = [_object_lock(obj)]

    def __enter__(self):
        for lock in self._locks:
            lock.acquire()

    def __exit__(self, *exc):
        for lock in reversed(self._locks):
            lock.release()
        return False


class critical_section2(critical_section):
    """`with critical_section2(a, b):` locks both objects, the lower identity first."""

    def __init__(self, a, b):
        first, second = (a, b) if id(a) <= id(b) else (b, a)
        self._locks = [_object_lock(first)] if first is second else [_object_lock(first),
                                                                     _object_lock(second)]
