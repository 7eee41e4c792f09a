"""Two threads each need both locks; they take the first, try the second without blocking,
and back off (release and retry) when it is taken, at most three times. No deadlock is
possible: nobody ever blocks while holding a lock."""
import threading

a = threading.Lock()
b = threading.Lock()
done = []


def worker(first, second, name):
    for attempt in range(3):
        with first:
            if second.acquire(blocking=False):
                done.append(name)
                second.release()
                return


t1 = threading.Thread(target=worker, args=(a, b, "one"))
t2 = threading.Thread(target=worker, args=(b, a, "two"))
t1.start()
t2.start()
t1.join()
t2.join()
