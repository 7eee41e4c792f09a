/*
 * counter_locked_kK_mM / counter_racy_kK_mM of tools/bench.py: K threads each add 1 to a
 * global M times, under a Lock with -DLOCKED, then the main thread checks the sum.
 *
 *   def work():
 *       global counter
 *       for _ in range(M):
 *           with lock:                # only with -DLOCKED
 *               counter += 1
 *   ... start K threads, join them all ...
 *   assert counter == K * M
 *
 * `counter += 1` is two steps that other threads can come between: the read of the global
 * (LOAD_GLOBAL) and the write of the sum (STORE_GLOBAL); the addition itself is thread-local.
 * Expected: an assertion violation without -DLOCKED, no error with it.
 *
 *   spin -DK=4 -DM=3 [-DLOCKED] -a counter.pml
 */
#ifndef K
#define K 2
#endif
#ifndef M
#define M 1
#endif
#include "lock.pml"

byte counter = 0;
bit lock = 0;

proctype worker() {
  byte round, seen;
  for (round : 1 .. M) {
#ifdef LOCKED
    lock_acquire(lock);
#endif
    seen = counter;
    counter = seen + 1;
#ifdef LOCKED
    lock_release(lock)
#endif
  }
}

init {
  byte i;
  atomic {
    for (i : 1 .. K) { run worker() };
    i = 0
  }
  _nr_pr == 1;
  assert(counter == K * M)
}
