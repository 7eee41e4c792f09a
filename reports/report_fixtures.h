// Results built by hand, one per case a report writer must handle: shared by the unit tests of
// the writers and by report_fixture (which writes them as JSON for the schema test), so the
// schema is checked against exactly what the golden tests pin.
#ifndef LOCKCHECK_REPORTS_REPORT_FIXTURES_H_
#define LOCKCHECK_REPORTS_REPORT_FIXTURES_H_

#include <string>

#include "absl/strings/str_cat.h"

#include "checker/result.h"
#include "reports/report.h"

namespace lockcheck::fixtures {

inline constexpr char kLockOrderFile[] = "scenarios/corpus/lock_order.py";

// A lock-order deadlock, complete with final state, stacks, wait-for graph and cycle. The
// graph has every blocked thread: the two of the cycle, and MainThread joining one of them
// (a join has no holder).
inline Bug DeadlockBug() {
  const std::string f = kLockOrderFile;
  Bug b;
  b.id = "4cd7f81c6263b055";
  b.kind = BugKind::kDeadlock;
  b.message = "Thread-1 (one), Thread-2 (two) wait for each other";
  b.location = {f, 13, 14};
  b.threads = {"MainThread", "Thread-1 (one)", "Thread-2 (two)"};
  b.trace = {
      {0, "MainThread", "t1.start()", 24, 1, "started Thread-1 (one)", {}, "start", "t1", false, {}, {}},
      {0, "MainThread", "t2.start()", 25, 1, "started Thread-2 (two)", {}, "start", "t2", false, {}, {}},
      {1, "Thread-1 (one)", "a.acquire()", 11, 14, "acquired", {}, "acquire", "a", true, {"a"}, {}},
      {1, "Thread-1 (one)", "print('one has a')", 12, 9, "printed", {"one has a"}, "", "", false, {"a"}, {}},
      {2, "Thread-2 (two)", "b.acquire()", 17, 14, "acquired", {}, "acquire", "b", true, {"b"}, {0, 1, 2}},
  };
  b.decisive =
      "Thread-2 (two) took b (step 5), which Thread-1 (one) waits for in b.acquire() (line 13); "
      "Thread-1 (one) took a (step 3), which Thread-2 (two) waits for in a.acquire() (line 18)";
  b.final_state = {
      {0, "MainThread", "blocked", false, "t1.join()", 26, "Thread-1 (one)", {{"<module>", f, 26}}},
      {1, "Thread-1 (one)", "blocked", false, "b.acquire()", 13, "Thread-2 (two)",
       {{"one", f, 13}}},
      {2, "Thread-2 (two)", "blocked", false, "a.acquire()", 18, "Thread-1 (one)",
       {{"two", f, 18}}},
  };
  b.wait_for =
      "Thread-1 (one) waits for Thread-2 (two) in b.acquire() (line 13); "
      "Thread-2 (two) waits for Thread-1 (one) in a.acquire() (line 18)";
  b.wait_graph = {
      {"Thread-1 (one)", "b.acquire()", 13, "Thread-2 (two)"},
      {"Thread-2 (two)", "a.acquire()", 18, "Thread-1 (one)"},
      {"MainThread", "t1.join()", 26, ""},
  };
  b.wait_cycle = {"Thread-1 (one)", "Thread-2 (two)"};
  b.replay = "lc1:aabbc";
  return b;
}

// The lock-order warning of the same scenario: an interleaving that takes a then b, and later
// b then a, without deadlocking. Two edges close the cycle.
inline Bug LockOrderBug() {
  Bug b;
  b.id = "5bd1e9955bd1e995";
  b.kind = BugKind::kLockOrder;
  b.severity = Severity::kWarning;
  b.message = "locks a and b are taken in both orders";
  b.location = {kLockOrderFile, 18, 14};
  b.threads = {"Thread-1 (one)", "Thread-2 (two)"};
  b.trace = {
      {0, "MainThread", "t1.start()", 24, 1, "started Thread-1 (one)", {}, "", "", false, {}, {}},
      {1, "Thread-1 (one)", "a.acquire()", 11, 14, "acquired", {}, "", "", false, {"a"}, {}},
      {1, "Thread-1 (one)", "print('one has a')", 12, 9, "printed", {"one has a"}, "", "", false, {"a"}, {}},
      {1, "Thread-1 (one)", "b.acquire()", 13, 14, "acquired", {}, "", "", false, {"a", "b"}, {}},
      {1, "Thread-1 (one)", "b.release()", 14, 9, "released", {}, "", "", false, {"a"}, {}},
      {1, "Thread-1 (one)", "a.release()", 15, 9, "released", {}, "", "", false, {}, {}},
      {0, "MainThread", "t2.start()", 25, 1, "started Thread-2 (two)", {}, "", "", false, {}, {}},
      {2, "Thread-2 (two)", "b.acquire()", 17, 14, "acquired", {}, "", "", false, {"b"}, {}},
      {2, "Thread-2 (two)", "a.acquire()", 18, 14, "acquired", {}, "", "", false, {"b", "a"}, {}},
  };
  b.lock_order = {
      {"Thread-1 (one)", "a", "b", "b.acquire()", 13, 14},
      {"Thread-2 (two)", "b", "a", "a.acquire()", 18, 14},
  };
  b.replay = "lc1:abbbbbacc";
  return b;
}

// A starvation lasso: the cycle (steps 3-4) repeats forever. No final state, no wait-for.
inline Bug StarvationBug() {
  Bug b;
  b.id = "9e3779b97f4a7c15";
  b.kind = BugKind::kStarvation;
  b.message = "Thread-2 (two) never gets a: Thread-1 (one) takes it again every time";
  b.location = {kLockOrderFile, 18, 14};
  b.threads = {"Thread-1 (one)", "Thread-2 (two)"};
  b.trace = {
      {0, "MainThread", "t1.start()", 24, 1, "started Thread-1 (one)", {}, "", "", false, {}, {}},
      {0, "MainThread", "t2.start()", 25, 1, "started Thread-2 (two)", {}, "", "", false, {}, {}},
      {1, "Thread-1 (one)", "a.acquire()", 11, 14, "acquired", {}, "", "", false, {"a"}, {}},
      {1, "Thread-1 (one)", "a.release()", 11, 14, "released", {}, "", "", false, {}, {}},
  };
  b.loop_start = 2;
  b.replay = "lc1:aabb";
  return b;
}

inline constexpr char kCounterFile[] = "scenarios/corpus/counter.py";

// A lost update in a long trace, for the short form: the main thread's set-up (steps 1-4),
// then each of two threads runs `counter += 1` five times (a read and a write a turn), with
// Thread-2's first read before Thread-1's first write; the main thread's check fails. The
// decisive steps are marked as the checker marks them.
inline Bug LostUpdateBug() {
  Bug b;
  b.id = "0123456789abcdef";
  b.kind = BugKind::kAssertion;
  b.message = "AssertionError: counter is 9 (in MainThread)";
  b.location = {kCounterFile, 14, 1};
  b.threads = {"MainThread"};
  b.trace = {
      {0, "MainThread", "<module>", 1, 1, "thread starts", {}},
      {0, "MainThread", "counter", 3, 1, "wrote 0", {}, "write", "counter"},
      {0, "MainThread", "t1", 9, 1, "wrote <Thread(Thread-1 (work), initial)>", {}, "write", "t1"},
      {0, "MainThread", "t2", 10, 1, "wrote <Thread(Thread-2 (work), initial)>", {}, "write", "t2"},
      {0, "MainThread", "t1.start()", 11, 1, "started Thread-1 (work)", {}, "start", "t1"},
      {0, "MainThread", "t2.start()", 12, 1, "started Thread-2 (work)", {}, "start", "t2"},
      {1, "Thread-1 (work)", "counter", 7, 9, "read 0", {}, "read", "counter"},
      {2, "Thread-2 (work)", "counter", 7, 9, "read 0", {}, "read", "counter", true},
      {1, "Thread-1 (work)", "counter", 7, 9, "wrote 1", {}, "write", "counter", true},
  };
  for (int i = 1; i < 5; ++i) {
    b.trace.push_back({1, "Thread-1 (work)", "counter", 7, 9, absl::StrCat("read ", i), {},
                       "read", "counter"});
    b.trace.push_back({1, "Thread-1 (work)", "counter", 7, 9, absl::StrCat("wrote ", i + 1),
                       {}, "write", "counter"});
  }
  b.trace.push_back(
      {2, "Thread-2 (work)", "counter", 7, 9, "wrote 1", {}, "write", "counter", true});
  for (int i = 1; i < 5; ++i) {
    b.trace.push_back({2, "Thread-2 (work)", "counter", 7, 9, absl::StrCat("read ", i + 4), {},
                       "read", "counter"});
    b.trace.push_back({2, "Thread-2 (work)", "counter", 7, 9, absl::StrCat("wrote ", i + 5),
                       {}, "write", "counter"});
  }
  b.trace.push_back(
      {0, "MainThread", "t1.join()", 13, 1, "joined Thread-1 (work)", {}, "join", "t1"});
  b.trace.push_back(
      {0, "MainThread", "t2.join()", 13, 1, "joined Thread-2 (work)", {}, "join", "t2"});
  b.trace.push_back({0, "MainThread", "counter", 14, 8, "read 9", {}, "read", "counter", true});
  b.trace.push_back({0, "MainThread", "assert counter == 10", 14, 1,
                     "raised AssertionError('counter is 9')", {}, "", "", true});
  b.decisive =
      "Thread-2 (work) read counter (step 8) before Thread-1 (work) wrote it (step 9), then "
      "wrote over that (step 18): Thread-1 (work)'s update is lost; MainThread reads counter at "
      "step 29; MainThread fails at step 30";
  b.final_state = {
      {0, "MainThread", "finished", false, "", 0, "", {}},
      {1, "Thread-1 (work)", "finished", false, "", 0, "", {}},
      {2, "Thread-2 (work)", "finished", false, "", 0, "", {}},
  };
  b.replay = "lc1:aaaaaabcbbbbbbbbbccccccccaaaa";
  return b;
}

// Fails: two bugs and a warning where none was expected.
inline ScenarioResult FailingScenario() {
  ScenarioResult r;
  r.file = kLockOrderFile;
  r.description = "Two threads take the same two locks in opposite orders.";
  r.status = ScenarioStatus::kFail;
  r.matched_expectation = false;
  r.stats.states = 1234;
  r.stats.transitions = 2345;
  r.stats.max_depth = 17;
  r.stats.seconds = 0.0123;
  r.stats.peak_memory_bytes = 7286784;
  r.stats.store_bytes = 24680;
  r.bugs = {DeadlockBug(), StarvationBug(), LockOrderBug()};
  return r;
}

inline ScenarioResult PassingScenario() {
  ScenarioResult r;
  r.file = "scenarios/corpus/locked_counter.py";
  r.description = "Two threads add to a counter under a lock.";
  r.stats.states = 58;
  r.stats.transitions = 80;
  r.stats.max_depth = 12;
  r.stats.seconds = 0.5;
  r.stats.peak_memory_bytes = 3 << 20;
  r.stats.store_bytes = 1856;
  return r;
}

inline ScenarioResult IncompleteScenario() {
  ScenarioResult r;
  r.file = "scenarios/corpus/dining_5.py";
  r.description = "Five philosophers.";
  r.status = ScenarioStatus::kIncomplete;
  r.matched_expectation = false;
  r.stats.states = 1000000;
  r.stats.transitions = 2400000;
  r.stats.max_depth = 40;
  r.stats.seconds = 2.25;
  r.stats.peak_memory_bytes = 150 << 20;
  r.stats.store_bytes = 64000000;
  r.stats.complete = false;
  r.stats.limit = "max-states";
  // A swarm member (checker/swarm.h): the report says which.
  r.stats.swarm_member = 2;
  r.stats.swarm_members = 4;
  return r;
}

inline ScenarioResult InputErrorScenario() {
  ScenarioResult r;
  r.file = "scenarios/bad/syntax.py";
  r.status = ScenarioStatus::kError;
  r.matched_expectation = false;
  r.errors = {{"'(' was never closed", r.file, 1, 5}};
  r.rendered_errors = {"scenarios/bad/syntax.py:1:5: error: '(' was never closed\n"
                       "    x = (1,\n"
                       "        ^\n"};
  return r;
}

// Declares the unlock-not-held it has; the scenario catches the RuntimeError (handled), and a
// daemon thread is still spinning when the program ends.
inline ScenarioResult ExpectedHandledScenario() {
  const std::string f = "scenarios/corpus/release_twice_caught.py";
  ScenarioResult r;
  r.file = f;
  r.description = "Releases a lock twice and catches the RuntimeError.";
  r.expected = {BugKind::kUnlockNotHeld};
  r.status = ScenarioStatus::kFail;
  r.matched_expectation = true;
  r.stats.states = 7;
  r.stats.transitions = 6;
  r.stats.max_depth = 6;
  Bug b;
  b.id = "00c0ffee00c0ffee";
  b.kind = BugKind::kUnlockNotHeld;
  b.message = "RuntimeError: release unlocked lock (in Thread-1 (worker))";
  b.location = {f, 11, 5};
  b.threads = {"Thread-1 (worker)"};
  b.handled = true;
  b.trace = {
      {0, "MainThread", "t.start()", 15, 1, "started Thread-1 (worker)", {}, "", "", false, {}, {}},
      {1, "Thread-1 (worker)", "lock.release()", 10, 5, "released", {}, "", "", false, {}, {}},
      {1, "Thread-1 (worker)", "lock.release()", 11, 5,
       "raised RuntimeError('release unlocked lock')", {}, "", "", false, {}, {}},
  };
  b.final_state = {
      {0, "MainThread", "finished", false, "", 0, "", {}},
      {1, "Thread-1 (worker)", "finished", false, "", 0, "", {}},
      {2, "Thread-2 (spinner)", "abandoned", true, "", 0, "", {{"spin", f, 21}, {"busy", f, 17}}},
  };
  b.replay = "lc1:abb";
  r.bugs = {b};
  return r;
}

// LostUpdateBug, declared: the scenario expects its assertion.
inline ScenarioResult LostUpdateScenario() {
  ScenarioResult r;
  r.file = kCounterFile;
  r.description = "Two threads add to a counter without a lock.";
  r.expected = {BugKind::kAssertion};
  r.status = ScenarioStatus::kFail;
  r.matched_expectation = true;
  r.stats.states = 100;
  r.stats.transitions = 150;
  r.stats.max_depth = 30;
  r.bugs = {LostUpdateBug()};
  return r;
}

// Every case above in one run, in the order a folder check would list them.
inline RunReport FullReport() {
  RunReport report;
  report.version = "0.1.0";
  report.options = nlohmann::ordered_json{
      {"max_states", nullptr}, {"fairness", "weak"}, {"stop_on_first", false}, {"jobs", 1}};
  report.scenarios = {InputErrorScenario(), IncompleteScenario(), FailingScenario(),
                      PassingScenario(), ExpectedHandledScenario()};
  return report;
}

}  // namespace lockcheck::fixtures

#endif  // LOCKCHECK_REPORTS_REPORT_FIXTURES_H_
