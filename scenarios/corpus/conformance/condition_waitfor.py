"""lock_tests ConditionTests.test_waitfor: wait_for(lambda: state == 3) returns True with
state == 3 after increment+notify rounds."""
import threading

cond = threading.Condition()
state = [0]
seen = []


def done():
    return state[0] == 3


def waiter():
    with cond:
        result = cond.wait_for(done)
        seen.append((result, state[0]))


t = threading.Thread(target=waiter)
t.start()
for i in range(3):
    with cond:
        state[0] += 1
        cond.notify()
t.join()
assert seen == [(True, 3)]
