"""lock_tests BaseSemaphoreTests.test_default_value: the default value is 1, so a second
acquirer blocks until the first releases."""
import threading

sem = threading.Semaphore()
order = []


def f():
    sem.acquire()
    order.append("thread")
    sem.release()


sem.acquire()
t = threading.Thread(target=f)
t.start()
order.append("main")
sem.release()
t.join()
assert order == ["main", "thread"]
