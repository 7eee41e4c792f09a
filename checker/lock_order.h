// Lock-order checking, in the manner of the Linux kernel's lockdep: over every state the search
// explores, record which locks a thread held when it went to acquire another; a cycle in that
// order, shown by more than one thread, is a `lock-order` warning, whether or not any explored
// interleaving deadlocked on it (a bound may have cut the search, or the threads may never have
// overlapped: the order is still a deadlock waiting for a different timing).
//
// Only acquisitions that can wait forever count: a blocking acquire of a Lock or RLock (also
// inside `with`, Condition.wait's re-acquire and the primitives built on Conditions), not
// acquire(blocking=False) or a timed one, which give up instead (lockdep's trylock rule), and
// not an RLock owner's re-entry. Condition.wait's private waiter locks are not locks of the
// program and are left out.
//
// A Lock used as a binary semaphore is a signal, not a held lock, and takes no part in any
// order, held or acquired: lockdep's rule is about a lock a thread holds across its own next
// acquisition, and a Lock that one thread acquires and another releases (a lightswitch's
// room, a hand-off) is held by nobody in that sense. The rule, exactly: a Lock that some
// explored state shows a thread about to release while another thread holds it (a
// `release()` by a non-holder, which CPython allows for Lock, not for RLock) is left out of
// the order graph entirely, under the name the search met it by. What such a lock can do
// wrong is still found where it happens: a wait on it that can never end is a deadlock of the
// search, not a warning.
//
// Locks are named by how the program reaches them: the first path a breadth-first walk meets
// them by, from the globals (in order of definition), then each thread's local variables
// ("a", "forks[2]", "q.mutex", "Thread-1.worker.first"). A name is the lock's identity in the order
// graph, so a lock reached by different paths in different states appears under each.
#ifndef LOCKCHECK_CHECKER_LOCK_ORDER_H_
#define LOCKCHECK_CHECKER_LOCK_ORDER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "checker/explorer.h"
#include "checker/schedule.h"
#include "nlohmann/json.hpp"
#include "scenarios/vm/interpreter.h"

namespace lockcheck {

// Names lock objects by the path a breadth-first walk from the roots (the globals, then each
// thread's locals) first reaches them by: `forks[3]`, `acct.lock`, `Thread-1.worker.first`.
// It keeps its buffers from one call to the next: the search names the locks of every state
// where a thread holds one and goes to acquire another.
class LockNamer {
 public:
  explicit LockNamer(const Interpreter& interp);
  // Sets names[i] to the name of locks[i] in `m`.
  void Name(const Machine& m, const std::vector<uint32_t>& locks, std::vector<std::string>& names);

 private:
  // How the walk first reached an object: from a root (a global, or a thread's local) or from
  // another object by an index, a dict key or an attribute. kDictOf: an instance's or class's
  // attribute dict, whose keys name attributes (`acct.lock`); kFree: a function's closure
  // cell (`deposit.lock`, by the free variable's name); kCell: the value in a cell.
  enum class Via : uint8_t { kNone, kGlobal, kLocal, kIndex, kKey, kAttr, kDictOf, kFree, kCell };
  enum Attr : uint32_t { kLockAttr, kCondAttr, kMutexAttr };
  struct Link {
    Via via = Via::kNone;
    uint32_t from = 0;  // the object (kIndex, kKey, kAttr) or global index or thread
    uint32_t a = 0;     // the index, the key's slot, the attribute; a local's frame
    uint32_t b = 0;     // a local's slot in its code
  };
  // Appends the path to `obj`, root first.
  void Append(const Machine& m, uint32_t obj, std::string& out) const;

  const Interpreter& interp_;
  const Program& program_;
  std::vector<Link> links_;  // by object
  std::vector<uint32_t> queue_;
};

class LockOrderGraph {
 public:
  explicit LockOrderGraph(const Interpreter& interp) : interp_(interp), namer_(interp) {}

  // An order shown by a thread: it holds `holds` and goes to acquire `acquires`.
  struct Showing {
    std::string holds, acquires;
  };
  // The orders thread `t` shows in `m`: when its next operation is an acquisition that counts,
  // every lock it holds against the one it goes to acquire.
  std::vector<Showing> Showings(const Machine& m, int t) const;
  // `m` was reached by a step of thread `t` (on any transition, not only the first into `m`,
  // so that what is recorded does not depend on the search order): records the orders `t`
  // shows. Of the showings of one order, the first by acquisition site, then thread name, is
  // the one reported. `schedule`, when given, is a path to `m`, kept with that showing;
  // without it, the shortest-schedule search finds one (Shows).
  void Observe(const Machine& m, int t, const std::function<Schedule()>& schedule);
  // Adds what another graph (another worker's) has seen.
  void Merge(const LockOrderGraph& other);
  // What Merge takes from a graph, as data, and Merge of such data: for the processes of a
  // distributed search (distributed.h). A showing's schedule is not kept (theirs have none).
  nlohmann::json Save() const;
  void MergeSaved(const nlohmann::json& saved);
  // Forgets the thread names it looked up by interned value (their ids are about to change).
  void ForgetInterned() { thread_names_.clear(); }
  // Whether `m` shows the order `e` of a warning, as reported (thread, locks, site).
  bool Shows(const Machine& m, const LockOrderEdge& e) const;

  // One warning per cycle of the order (kind + sorted acquisition sites as the key), each
  // with the path to the first state that showed one of its edges.
  std::vector<BugOccurrence> Warnings() const;

 private:
  struct Seen {
    std::vector<std::string> threads;  // names of the threads that showed it, sorted
    std::string op;
    SourceLoc loc;
    int32_t thread = 0;
    std::string thread_name;
    Schedule schedule;
    // Adds a showing by thread `name` at `at`; returns whether it comes first (the caller
    // then records it).
    bool Add(const std::string& name, SourceLoc at);
    // Adds another graph's record of the same order.
    void Add(const Seen& o);
    void AddThread(const std::string& name);
    // Whether a showing by `name` at `at` comes before the one recorded.
    bool Before(SourceLoc at, const std::string& name) const;
  };
  // Showings' buffers: the locks the thread holds, their names.
  void ShowingsInto(const Machine& m, int t, std::vector<Showing>& out) const;
  const Interpreter& interp_;
  mutable LockNamer namer_;
  mutable std::vector<uint32_t> held_;
  mutable std::vector<std::string> names_;
  std::vector<Showing> showings_;  // Observe's
  absl::flat_hash_map<uint64_t, std::string> thread_names_;  // by interned Value
  // held lock name -> acquired lock name -> the first showing.
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, Seen>> order_;
  // Names of the Locks seen released by a thread other than their holder (see above).
  absl::flat_hash_set<std::string> signals_;
};

// The names of the given lock objects in `m` (LockNamer's).
std::vector<std::string> LockNames(const Interpreter& interp, const Machine& m,
                                   const std::vector<uint32_t>& locks);

}  // namespace lockcheck

#endif  // LOCKCHECK_CHECKER_LOCK_ORDER_H_
