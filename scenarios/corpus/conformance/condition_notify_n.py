"""lock_tests ConditionTests.test_notify, reduced: three threads wait; notify(2) wakes exactly two
(no spurious wake-up), notify_all() the last; every wait() returns True."""
import threading
import time

cond = threading.Condition()
waiting = [0]
woken = []


def f():
    with cond:
        waiting[0] += 1
        woken.append(cond.wait())


threads = [threading.Thread(target=f) for _ in range(3)]
for t in threads:
    t.start()
while True:
    with cond:
        if waiting[0] == 3:
            cond.notify(2)
            break
    time.sleep(0)
while True:
    with cond:
        if len(woken) >= 2:
            assert len(woken) == 2, "a third waiter woke without a notify"
            cond.notify_all()
            break
    time.sleep(0)
for t in threads:
    t.join()
assert woken == [True, True, True]
