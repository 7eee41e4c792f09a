# lockcheck: expect=deadlock
"""The cigarette smokers problem (The Little Book of Semaphores, 4.5), the naive smokers. The
agent puts out two of the three ingredients at a time (each pair in turn), waiting on agent_sem
before each pair; each smoker has the third in endless supply, waits for the two it lacks and,
having smoked, signals agent_sem. Waiting on the ingredients one after the other deadlocks: when
the agent puts out tobacco and paper, the smoker with matches can take the tobacco and the
smoker with tobacco the paper, and each then waits for an ingredient nobody will put out."""
import threading

ROUNDS = 1

agent_sem = threading.Semaphore(1)
tobacco = threading.Semaphore(0)
paper = threading.Semaphore(0)
match = threading.Semaphore(0)


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


def smoker_with_matches():
    n = 0
    while n < ROUNDS:
        tobacco.acquire()
        paper.acquire()
        agent_sem.release()  # smoke, then call the next agent
        n += 1


def smoker_with_tobacco():
    n = 0
    while n < ROUNDS:
        paper.acquire()
        match.acquire()
        agent_sem.release()
        n += 1


def smoker_with_paper():
    n = 0
    while n < ROUNDS:
        tobacco.acquire()
        match.acquire()
        agent_sem.release()
        n += 1


threads = [threading.Thread(target=f) for f in (agent, smoker_with_matches,
                                                smoker_with_tobacco, smoker_with_paper)]
for t in threads:
    t.start()
for t in threads:
    t.join()
