/*
 * buffer_{all,two,one}_pP_cC of tools/bench.py: P producers put ITEMS items each into a
 * buffer of capacity CAP, C consumers get P * ITEMS / C items each, all under one Lock.
 *
 *   def producer():                          def consumer():
 *       for i in range(ITEMS):                   for i in range(P * ITEMS // C):
 *           with lock:                               with lock:
 *               while len(buf) == CAP:                   while len(buf) == 0:
 *                   not_full.wait()                          not_empty.wait()
 *               buf.append(i)                            buf.pop(0)
 *               not_empty.notify()                       not_full.notify()
 *
 * Variants: "one" (default) has a single Condition(lock) for both not_full and not_empty and
 * calls notify(); -DNOTIFY_ALL ("all") the same Condition with notify_all(); -DTWO_CONDITIONS
 * ("two") two Conditions on the one Lock, with notify().
 *
 * A Condition is CPython's (Lib/threading.py): a FIFO queue of waiters, each parked on a Lock
 * of its own that it holds.
 *   wait():   check the Lock is held; allocate a waiter Lock and acquire it; append it to the
 *             queue; release the Lock  -- then block acquiring the waiter Lock again, and
 *             once that returns, acquire the Lock.
 *   notify(): check the Lock is held; release the waiter Lock at the head of the queue (if
 *             any) and remove it; notify_all() does so for every waiter, in order.
 * The thread's steps are therefore: acquire the Lock; the critical section (the length test,
 * the append or pop and the notify, all done holding the Lock, so one transition loses no
 * behaviour) or the first half of wait(); being released from the waiter Lock; re-acquiring
 * the Lock; releasing it at the end of `with`.
 *
 * The buffer is modelled by its length alone: no thread reads the items it pops.
 *
 *   spin -DP=3 -DC=3 [-DNOTIFY_ALL | -DTWO_CONDITIONS] -a buffer.pml
 */
#ifndef P
#define P 2
#endif
#ifndef C
#define C 2
#endif
#ifndef ITEMS
#define ITEMS 2
#endif
#ifndef CAP
#define CAP 2
#endif
#if (P * ITEMS) % C != 0
#error "the consumers cannot share the items equally"
#endif
#define GETS (P * ITEMS / C)
#define THREADS (P + C)      /* the worker threads have _pid 1 .. THREADS; init is 0 */

#include "lock.pml"

#ifdef TWO_CONDITIONS
#define CONDITIONS 2
#define NOT_FULL 0
#define NOT_EMPTY 1
#else
#define CONDITIONS 1
#define NOT_FULL 0
#define NOT_EMPTY 0
#endif

bit lock = 0;
byte length = 0;                            /* len(buf) */
chan waiters[CONDITIONS] = [THREADS] of { byte };  /* each Condition's queue, by _pid */
bit parked[THREADS + 1];                    /* by _pid: 1 while the waiter Lock is held */

/* The first half of wait(), as one transition (inside the caller's d_step). */
inline wait_park(cond) {
  assert(lock == 1);
  parked[_pid] = 1;
  waiters[cond] ! _pid;
  lock = 0
}

/* The second half: released by a notify, then the Lock again; two steps. */
inline wait_resume() {
  parked[_pid] == 0;
  lock_acquire(lock)
}

/* notify() or, with -DNOTIFY_ALL, notify_all() (inside the caller's d_step; `woken` is a
   scratch local of the caller, cleared afterwards so it splits no states). */
inline notify(cond) {
  assert(lock == 1);
#ifdef NOTIFY_ALL
  do
  :: nempty(waiters[cond]) -> waiters[cond] ? woken; parked[woken] = 0
  :: empty(waiters[cond]) -> break
  od;
#else
  if
  :: nempty(waiters[cond]) -> waiters[cond] ? woken; parked[woken] = 0
  :: empty(waiters[cond]) -> skip
  fi;
#endif
  woken = 0
}

proctype producer() {
  byte i, woken;
  for (i : 1 .. ITEMS) {
    lock_acquire(lock);
    do
    :: d_step { length == CAP -> wait_park(NOT_FULL) };
       wait_resume()
    :: d_step { length < CAP -> length++; notify(NOT_EMPTY) };
       break
    od;
    lock_release(lock)
  }
}

proctype consumer() {
  byte i, woken;
  for (i : 1 .. GETS) {
    lock_acquire(lock);
    do
    :: d_step { length == 0 -> wait_park(NOT_EMPTY) };
       wait_resume()
    :: d_step { length > 0 -> length--; notify(NOT_FULL) };
       break
    od;
    lock_release(lock)
  }
}

init {
  byte i;
  atomic {
    for (i : 1 .. P) { run producer() };
    for (i : 1 .. C) { run consumer() };
    i = 0
  }
  _nr_pr == 1
}
