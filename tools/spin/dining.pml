/*
 * dining_deadlock_nN / dining_ordered_nN of tools/bench.py: N philosophers, N Locks, one
 * round each.
 *
 *   def phil(i):
 *       first, second = i, (i + 1) % N          # -DORDERED: min(...), max(...)
 *       with forks[first]:
 *           with forks[second]:
 *               pass
 *
 * The empty body touches nothing shared, so it is no step of its own. The main thread starts
 * every philosopher in one atomic step and then waits until all have ended (the joins).
 * Expected: an invalid end state (the deadlock) without -DORDERED, no error with it.
 *
 *   spin -DN=8 [-DORDERED] -a dining.pml
 */
#ifndef N
#define N 5
#endif
#include "lock.pml"

bit forks[N];

proctype philosopher(byte first; byte second) {
  lock_acquire(forks[first]);
  lock_acquire(forks[second]);
  lock_release(forks[second]);
  lock_release(forks[first])
}

init {
  byte i;
  atomic {
    for (i : 0 .. N - 1) {
#ifdef ORDERED
      run philosopher((i < (i + 1) % N -> i : (i + 1) % N),
                      (i < (i + 1) % N -> (i + 1) % N : i))
#else
      run philosopher(i, (i + 1) % N)
#endif
    };
    i = 0     /* the loop variable is dead from here: clear it so it splits no states */
  }
  _nr_pr == 1
}
