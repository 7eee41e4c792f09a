"""lock_tests ConditionTests.test_waitfor_timeout: the state only reaches 2, so
wait_for(lambda: state == 3, timeout=0.1) returns False."""
import threading

cond = threading.Condition()
state = [0]
seen = []


def done():
    return state[0] == 3


def waiter():
    with cond:
        seen.append(cond.wait_for(done, timeout=0.1))


t = threading.Thread(target=waiter)
t.start()
for i in range(2):
    with cond:
        state[0] += 1
        cond.notify()
t.join()
assert seen == [False]
