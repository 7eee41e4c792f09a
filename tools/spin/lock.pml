/*
 * threading.Lock as one bit: 1 while held.
 *
 * CPython's Lock.acquire() and Lock.release() are single C calls, so each is one atomic
 * transition here (one scheduling point, as in lockcheck). The guard of lock_acquire() is
 * not executable while the bit is set, so a thread acquiring a held Lock blocks, the holder
 * included (a Lock is not reentrant). A Lock records no owner: any thread may release it,
 * but releasing one that is not held raises RuntimeError, an assertion violation here.
 */
inline lock_acquire(l) { d_step { l == 0 -> l = 1 } }
inline lock_release(l) { d_step { assert(l == 1); l = 0 } }
