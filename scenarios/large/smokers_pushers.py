"""The cigarette smokers problem (The Little Book of Semaphores, 4.5), solved with pushers (the
agent as in smokers_naive.py): one pusher per ingredient wakes on it and, under a mutex, records
it or, if the other ingredient a smoker needs is already on the table, takes both and wakes that
smoker (4.5.3). Each smoker waits on its own semaphore only, so no smoker can take an ingredient
another needs: every pair the agent puts out ends with a smoke, and every thread finishes."""
import threading

ROUNDS = 1

agent_sem = threading.Semaphore(1)
tobacco = threading.Semaphore(0)
paper = threading.Semaphore(0)
match = threading.Semaphore(0)

mutex = threading.Lock()
is_tobacco = False
is_paper = False
is_match = False
tobacco_sem = threading.Semaphore(0)  # wakes the smoker who has tobacco
paper_sem = threading.Semaphore(0)
match_sem = threading.Semaphore(0)


def agent():
    n = 0
    while n < ROUNDS:
        agent_sem.acquire()
        tobacco.release()
        paper.release()
        agent_sem.acquire()
        paper.release()
        match.release()
        agent_sem.acquire()
        tobacco.release()
        match.release()
        n += 1


# Each ingredient is in two of the three pairs: its pusher runs 2 * ROUNDS times.
def pusher_tobacco():
    global is_tobacco, is_paper, is_match
    n = 0
    while n < 2 * ROUNDS:
        tobacco.acquire()
        with mutex:
            if is_paper:
                is_paper = False
                match_sem.release()
            elif is_match:
                is_match = False
                paper_sem.release()
            else:
                is_tobacco = True
        n += 1


def pusher_paper():
    global is_tobacco, is_paper, is_match
    n = 0
    while n < 2 * ROUNDS:
        paper.acquire()
        with mutex:
            if is_tobacco:
                is_tobacco = False
                match_sem.release()
            elif is_match:
                is_match = False
                tobacco_sem.release()
            else:
                is_paper = True
        n += 1


def pusher_match():
    global is_tobacco, is_paper, is_match
    n = 0
    while n < 2 * ROUNDS:
        match.acquire()
        with mutex:
            if is_tobacco:
                is_tobacco = False
                paper_sem.release()
            elif is_paper:
                is_paper = False
                tobacco_sem.release()
            else:
                is_match = True
        n += 1


def smoker_with_tobacco():
    n = 0
    while n < ROUNDS:
        tobacco_sem.acquire()
        agent_sem.release()  # smoke, then call the next agent
        n += 1


def smoker_with_paper():
    n = 0
    while n < ROUNDS:
        paper_sem.acquire()
        agent_sem.release()
        n += 1


def smoker_with_matches():
    n = 0
    while n < ROUNDS:
        match_sem.acquire()
        agent_sem.release()
        n += 1


threads = [threading.Thread(target=f) for f in (agent, pusher_tobacco,
                                                pusher_paper, pusher_match, smoker_with_tobacco,
                                                smoker_with_paper, smoker_with_matches)]
for t in threads:
    t.start()
for t in threads:
    t.join()
