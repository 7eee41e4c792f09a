# CPython 3.13's Lib/concurrent/futures/thread.py, as lockcheck runs it (see __init__.py).
from concurrent.futures import _base
import queue
import threading

# CPython keeps a WeakKeyDictionary thread -> work queue; an executor's threads stay referenced
# by the executor until the end here, so a list of pairs holds the same.
_threads_queues = []
_shutdown = False
# Lock that ensures that new workers are not created while the interpreter is
# shutting down. Must be held while mutating _threads_queues and _shutdown.
_global_shutdown_lock = threading.Lock()

# CPython's os.cpu_count() differs between machines; a model checker must not. lockcheck takes
# a machine of one CPU, so the default max_workers is min(32, 1 + 4) = 5: the smallest default
# CPython ever picks, the one under which a pool runs out of workers first.
_CPU_COUNT = 1

# ThreadPoolExecutor._counter (itertools.count().__next__, atomic under CPython): a number
# taken under a lock of its own.
_counter_lock = threading.Lock()
_executors_made = 0


def _python_exit():
    # threading._register_atexit(_python_exit) in CPython: run when the main module's code has
    # finished, before the non-daemon threads are waited for.
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
    items = list(_threads_queues)
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()


class _WorkItem(object):
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return

        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(executor, work_queue, initializer, initargs):
    # CPython passes a weak reference to the executor; here the executor itself (it is never
    # collected before the end, where _python_exit wakes the workers).
    if initializer is not None:
        try:
            initializer(*initargs)
        except BaseException:
            # CPython logs 'Exception in initializer:' (LOGGER.critical).
            executor._initializer_failed()
            return
    try:
        while True:
            try:
                work_item = work_queue.get_nowait()
            except queue.Empty:
                # attempt to increment idle count if queue is empty
                executor._idle_semaphore.release()
                work_item = work_queue.get(block=True)

            if work_item is not None:
                work_item.run()
                # Delete references to object. See GH-60488
                del work_item
                continue

            # Exit if:
            #   - The interpreter is shutting down OR
            #   - The executor that owns the worker has been shutdown.
            if _shutdown or executor._shutdown:
                # Flag the executor as shutting down as early as possible.
                executor._shutdown = True
                # Notice other workers
                work_queue.put(None)
                return
    except BaseException:
        # CPython logs 'Exception in worker' (LOGGER.critical).
        pass


class BrokenThreadPool(_base.BrokenExecutor):
    """
    Raised when a worker thread in a ThreadPoolExecutor failed initializing.
    """


class ThreadPoolExecutor(_base.Executor):

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        """Initializes a new ThreadPoolExecutor instance."""
        global _executors_made
        if max_workers is None:
            # ThreadPoolExecutor is often used to:
            # * CPU bound task which releases GIL
            # * I/O bound task (which releases GIL, of course)
            #
            # We use cpu_count + 4 for both types of tasks.
            # But we limit it to 32 to avoid consuming surprisingly large resource
            # on many core machine.
            max_workers = min(32, _CPU_COUNT + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")

        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")

        self._max_workers = max_workers
        # CPython's queue.SimpleQueue: an unbounded queue.Queue here.
        self._work_queue = queue.Queue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        if thread_name_prefix:
            self._thread_name_prefix = thread_name_prefix
        else:
            with _counter_lock:
                number = _executors_made
                _executors_made += 1
            self._thread_name_prefix = "ThreadPoolExecutor-%d" % number
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, *args, **kwargs):
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)

            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')

            f = _base.Future()
            w = _WorkItem(f, fn, args, kwargs)

            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        # if idle threads are available, don't spin new threads
        if self._idle_semaphore.acquire(timeout=0):
            return

        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix, num_threads)
            t = threading.Thread(name=thread_name, target=_worker,
                                 args=(self,
                                       self._work_queue,
                                       self._initializer,
                                       self._initargs))
            t.start()
            self._threads.add(t)
            _threads_queues.append((t, self._work_queue))

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')
            # Drain work queue and mark pending futures failed
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                # Drain all work items from the queue, and then cancel their
                # associated futures.
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()

            # Send a wake-up to prevent threads calling
            # _work_queue.get(block=True) from permanently blocking.
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()
