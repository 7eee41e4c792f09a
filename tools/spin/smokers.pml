/*
 * smokers_naive_rR / smokers_pushers_rR of tools/bench.py: the cigarette smokers of The Little
 * Book of Semaphores (4.5), every agent doing R rounds, every smoker smoking R times.
 *
 *   def agent(first, second):               # naive smoker       # pusher (-DPUSHERS)
 *       for _ in range(R):                  while smoked < R:    while pushed < 2 * R:
 *           agent_sem.acquire()                 first.acquire()      ingredient.acquire()
 *           first.release()                     second.acquire()     with mutex:
 *           second.release()                    agent_sem.release()      (hand the pair to
 *                                               smoked += 1               its smoker, or put
 *                                                                         `mine` on the table)
 *                                                                    pushed += 1
 *   with pushers the smoker is:  mine.acquire(); agent_sem.release()  (R times)
 *
 * A Semaphore is one counter; its acquire waits for it to be positive and takes one, its
 * release adds one (CPython's Semaphore does both under its Condition's lock, so neither is
 * split). A pusher's `with mutex:` block touches only the table, which nobody reads outside
 * the mutex, so it is one d_step. Ingredients are semaphores 1 (tobacco), 2 (paper) and 3
 * (match); the smoker who has ingredient k is semaphore k + 3. The main thread starts every
 * thread in one atomic step and then waits until all have ended (the joins).
 * Expected: an invalid end state (two smokers each take one ingredient of the same pair) without
 * -DPUSHERS, no error with it.
 *
 *   spin -DR=1 [-DPUSHERS] -a smokers.pml
 */
#ifndef R
#define R 1
#endif
#define AGENT 0

byte sem[7];

inline acquire(s) { atomic { sem[s] > 0 -> sem[s]-- } }
inline release(s) { sem[s]++ }

proctype agent(byte first; byte second) {
  byte round = 0;
  do
  :: round < R -> acquire(AGENT); release(first); release(second); round++
  :: else -> break
  od
}

#ifdef PUSHERS
bool on_table[4];

proctype pusher(byte mine) {
  byte pushed = 0;
  byte other;
  do
  :: pushed < 2 * R ->
     acquire(mine);
     d_step {
       other = 1;
       do
       :: other < 4 && !(other != mine && on_table[other]) -> other++
       :: else -> break
       od;
       if
       :: other < 4 -> on_table[other] = false; sem[6 - mine - other + 3]++
       :: else -> on_table[mine] = true
       fi;
       other = 0
     };
     pushed++
  :: else -> break
  od
}

proctype smoker(byte mine) {
  byte smoked = 0;
  do
  :: smoked < R -> acquire(mine); release(AGENT); smoked++
  :: else -> break
  od
}
#else
proctype smoker(byte first; byte second) {
  byte smoked = 0;
  do
  :: smoked < R -> acquire(first); acquire(second); release(AGENT); smoked++
  :: else -> break
  od
}
#endif

init {
  sem[AGENT] = 1;
  atomic {
    run agent(1, 2); run agent(2, 3); run agent(1, 3);
#ifdef PUSHERS
    run pusher(1); run pusher(2); run pusher(3);
    run smoker(4); run smoker(5); run smoker(6)
#else
    run smoker(1, 2); run smoker(2, 3); run smoker(1, 3)
#endif
  }
  _nr_pr == 1
}
