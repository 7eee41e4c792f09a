"""lockcheck's bundled part of `threading`: Timer, CPython 3.13's (Lib/threading.py), a Thread
subclass written in the scenario language. The rest of `threading` is lockcheck's native model;
`threading.Timer` and `from threading import Timer` name the class below."""
import threading


class Timer(threading.Thread):
    """Call a function after a specified number of seconds:

            t = Timer(30.0, f, args=None, kwargs=None)
            t.start()
            t.cancel()     # stop the timer's action if it's still waiting

    There is no clock: the wait for the interval either ends by cancel() or times out, and
    both are explored.
    """

    def __init__(self, interval, function, args=None, kwargs=None):
        super().__init__()  # CPython: Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = threading.Event()

    def cancel(self):
        """Stop the timer if it hasn't finished yet."""
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()
