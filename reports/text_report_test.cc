// Golden tests of the text report: the exact output of each case a user sees, so a change of
// layout is a deliberate change of these strings.
#include "reports/text_report.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "reports/report_fixtures.h"

namespace lockcheck {
namespace {

constexpr TextOptions kDefault{};
constexpr TextOptions kQuiet{/*quiet=*/true, /*verbose=*/false};
constexpr TextOptions kVerbose{/*quiet=*/false, /*verbose=*/true};

TEST(TextReportTest, Passing) {
  ScenarioResult r = fixtures::PassingScenario();
  r.stats.reduced_states = 40;
  EXPECT_EQ(RenderText(r, kDefault), "scenarios/corpus/locked_counter.py: ok (58 states, complete)\n");
  EXPECT_EQ(RenderText(r, kVerbose), R"txt(scenarios/corpus/locked_counter.py: ok (58 states, complete)
  explored 58 states, 80 transitions, complete
  dfs search, depth 12, 0.50 s, peak memory 3.0 MiB, store 1.8 KiB (32.0 bytes/state)
  fingerprint collision odds 0.0e+00 (60-bit fingerprints)
  partial-order reduction: 40 of 58 states took one thread's step alone
)txt");
}

TEST(TextReportTest, DeadlockWithFinalState) {
  ScenarioResult r = fixtures::FailingScenario();
  r.bugs = {fixtures::DeadlockBug()};
  EXPECT_EQ(RenderText(r, kDefault), R"txt(scenarios/corpus/lock_order.py: FAIL (1 bug: deadlock; expected: pass)
  explored 1,234 states, 2,345 transitions, complete

deadlock: Thread-1 (one), Thread-2 (two) wait for each other
  at scenarios/corpus/lock_order.py:13:14
  trace (5 steps):
     1  MainThread      t1.start()          line 24  started Thread-1 (one)
     2  MainThread      t2.start()          line 25  started Thread-2 (two)
*    3  Thread-1 (one)  a.acquire()         line 11  acquired
     4  Thread-1 (one)  print('one has a')  line 12  printed
        | one has a
*    5  Thread-2 (two)  b.acquire()         line 17  acquired
  decisive steps (*): Thread-2 (two) took b (step 5), which Thread-1 (one) waits for in b.acquire() (line 13); Thread-1 (one) took a (step 3), which Thread-2 (two) waits for in a.acquire() (line 18)
  final state:
    MainThread      blocked in t1.join() (line 26), waiting for Thread-1 (one)
        File "scenarios/corpus/lock_order.py", line 26, in <module>
    Thread-1 (one)  blocked in b.acquire() (line 13), held by Thread-2 (two)
        File "scenarios/corpus/lock_order.py", line 13, in one
    Thread-2 (two)  blocked in a.acquire() (line 18), held by Thread-1 (one)
        File "scenarios/corpus/lock_order.py", line 18, in two
  wait-for graph:
    Thread-1 (one) waits in b.acquire() (line 13), held by Thread-2 (two)
    Thread-2 (two) waits in a.acquire() (line 18), held by Thread-1 (one)
    MainThread waits in t1.join() (line 26)
  cycle: Thread-1 (one) -> Thread-2 (two) -> Thread-1 (one)
  replay: lockcheck replay scenarios/corpus/lock_order.py --schedule lc1:aabbc

)txt");
}

TEST(TextReportTest, WaitForLineOnlyWithoutAGraph) {
  // A producer that fills only the one-line wait_for still gets it shown.
  Bug b = fixtures::DeadlockBug();
  b.trace.clear();
  b.final_state.clear();
  b.wait_graph.clear();
  b.wait_cycle.clear();
  EXPECT_EQ(RenderBug(b, "s.py"),
            "deadlock: Thread-1 (one), Thread-2 (two) wait for each other\n"
            "  at scenarios/corpus/lock_order.py:13:14\n"
            "  wait-for cycle: Thread-1 (one) waits for Thread-2 (two) in b.acquire() (line 13); "
            "Thread-2 (two) waits for Thread-1 (one) in a.acquire() (line 18)\n"
            "  replay: lockcheck replay s.py --schedule lc1:aabbc\n");
  // A graph without a cycle (every thread waits on an Event no one sets), a self-deadlock's
  // cycle of one, and a line that is not known.
  b.wait_for.clear();
  b.replay.clear();
  b.wait_graph = {{"Thread-1 (one)", "e.wait()", 7, ""}, {"MainThread", "t1.join()", 0, ""}};
  EXPECT_EQ(RenderBug(b, "s.py"),
            "deadlock: Thread-1 (one), Thread-2 (two) wait for each other\n"
            "  at scenarios/corpus/lock_order.py:13:14\n"
            "  wait-for graph:\n"
            "    Thread-1 (one) waits in e.wait() (line 7)\n"
            "    MainThread waits in t1.join()\n");
  b.wait_graph = {{"MainThread", "a.acquire()", 4, "MainThread"}};
  b.wait_cycle = {"MainThread"};
  EXPECT_EQ(RenderBug(b, "s.py"),
            "deadlock: Thread-1 (one), Thread-2 (two) wait for each other\n"
            "  at scenarios/corpus/lock_order.py:13:14\n"
            "  wait-for graph:\n"
            "    MainThread waits in a.acquire() (line 4), held by MainThread\n"
            "  cycle: MainThread -> MainThread\n");
}

TEST(TextReportTest, LockOrderWarning) {
  ScenarioResult r = fixtures::FailingScenario();
  r.bugs = {fixtures::LockOrderBug()};
  EXPECT_EQ(RenderText(r, kDefault), R"txt(scenarios/corpus/lock_order.py: FAIL (1 bug: lock-order; expected: pass)
  explored 1,234 states, 2,345 transitions, complete

lock-order (warning): locks a and b are taken in both orders
  at scenarios/corpus/lock_order.py:18:14
  trace (9 steps):
     1  MainThread      t1.start()          line 24  started Thread-1 (one)
     2  Thread-1 (one)  a.acquire()         line 11  acquired
     3  Thread-1 (one)  print('one has a')  line 12  printed
        | one has a
     4  Thread-1 (one)  b.acquire()         line 13  acquired
     5  Thread-1 (one)  b.release()         line 14  released
     6  Thread-1 (one)  a.release()         line 15  released
     7  MainThread      t2.start()          line 25  started Thread-2 (two)
     8  Thread-2 (two)  b.acquire()         line 17  acquired
     9  Thread-2 (two)  a.acquire()         line 18  acquired
  lock order cycle:
    Thread-1 (one) acquires b in b.acquire() (line 13, col 14) while holding a
    Thread-2 (two) acquires a in a.acquire() (line 18, col 14) while holding b
  replay: lockcheck replay scenarios/corpus/lock_order.py --schedule lc1:abbbbbacc

)txt");
}

TEST(TextReportTest, GraphAndLockOrderShowEscaped) {
  // Thread names and lock paths come from the scenario.
  Bug b;
  b.kind = BugKind::kDeadlock;
  b.message = "m";
  b.location = {"s.py", 0, 0};
  b.wait_graph = {{"T\x1b[2J", "q[\"\t\"].get()", 3, "U\n"}};
  b.wait_cycle = {"T\x1b[2J", "U\n"};
  b.lock_order = {{"T\x1b[2J", "locks['\r']", "b", "with b", 5, 0}};
  EXPECT_EQ(RenderBug(b, "s.py"),
            "deadlock: m\n"
            "  at s.py\n"
            "  wait-for graph:\n"
            "    T\\x1b[2J waits in q[\"\\t\"].get() (line 3), held by U\\n\n"
            "  cycle: T\\x1b[2J -> U\\n -> T\\x1b[2J\n"
            "  lock order cycle:\n"
            "    T\\x1b[2J acquires b in with b (line 5) while holding locks['\\r']\n");
}

TEST(TextReportTest, LassoFoundAsExpected) {
  // The scenario declares its starvation: the summary says ok, and the bug is still shown.
  ScenarioResult r = fixtures::FailingScenario();
  r.expected = {BugKind::kStarvation};
  r.matched_expectation = true;
  r.bugs = {fixtures::StarvationBug()};
  EXPECT_EQ(RenderText(r, kDefault), R"txt(scenarios/corpus/lock_order.py: ok (found the expected starvation)
  explored 1,234 states, 2,345 transitions, complete

starvation: Thread-2 (two) never gets a: Thread-1 (one) takes it again every time
  at scenarios/corpus/lock_order.py:18:14
  trace (4 steps):
     1  MainThread      t1.start()   line 24  started Thread-1 (one)
     2  MainThread      t2.start()   line 25  started Thread-2 (two)
    -- the next 2 steps repeat forever --
     3  Thread-1 (one)  a.acquire()  line 11  acquired
     4  Thread-1 (one)  a.release()  line 11  released
    -- (back to step 3; the cycle repeats) --
  replay: lockcheck replay scenarios/corpus/lock_order.py --schedule lc1:aabb

)txt");
}

TEST(TextReportTest, HandledUnlockAndDaemon) {
  EXPECT_EQ(RenderText(fixtures::ExpectedHandledScenario(), kDefault),
            R"txt(scenarios/corpus/release_twice_caught.py: ok (found the expected unlock-not-held)
  explored 7 states, 6 transitions, complete

unlock-not-held: RuntimeError: release unlocked lock (in Thread-1 (worker)) (handled by the scenario)
  at scenarios/corpus/release_twice_caught.py:11:5
  trace (3 steps):
     1  MainThread         t.start()       line 15  started Thread-1 (worker)
     2  Thread-1 (worker)  lock.release()  line 10  released
     3  Thread-1 (worker)  lock.release()  line 11  raised RuntimeError('release unlocked lock')
  final state:
    MainThread          finished
    Thread-1 (worker)   finished
    Thread-2 (spinner)  abandoned [daemon]
        File "scenarios/corpus/release_twice_caught.py", line 21, in spin
        File "scenarios/corpus/release_twice_caught.py", line 17, in busy
  replay: lockcheck replay scenarios/corpus/release_twice_caught.py --schedule lc1:abb

)txt");
}

TEST(TextReportTest, InputError) {
  ScenarioResult r = fixtures::InputErrorScenario();
  EXPECT_EQ(RenderText(r, kDefault), R"txt(scenarios/bad/syntax.py: ERROR (1 input error)
scenarios/bad/syntax.py:1:5: error: '(' was never closed
    x = (1,
        ^

)txt");
  // Without rendered text (a caller that only filled `errors`), the bare diagnostic line.
  r.errors.push_back({"unsupported: 'yield'", r.file, 3, 1});
  r.rendered_errors.clear();
  EXPECT_EQ(RenderText(r, kDefault), R"txt(scenarios/bad/syntax.py: ERROR (2 input errors)
scenarios/bad/syntax.py:1:5: error: '(' was never closed
scenarios/bad/syntax.py:3:1: error: unsupported: 'yield'

)txt");
}

TEST(TextReportTest, Incomplete) {
  ScenarioResult r = fixtures::IncompleteScenario();
  EXPECT_EQ(RenderText(r, kDefault),
            "scenarios/corpus/dining_5.py: INCOMPLETE (stopped by max-states; no bug found in "
            "1,000,000 states)\n"
            "  explored 1,000,000 states, 2,400,000 transitions, stopped by max-states\n");
  EXPECT_EQ(RenderText(r, kVerbose),
            "scenarios/corpus/dining_5.py: INCOMPLETE (stopped by max-states; no bug found in "
            "1,000,000 states)\n"
            "  explored 1,000,000 states, 2,400,000 transitions, stopped by max-states\n"
            "  dfs search, depth 40, 2.25 s, peak memory 150.0 MiB, store 61.0 MiB (64.0 bytes/state)\n"
            "  fingerprint collision odds 0.0e+00 (60-bit fingerprints)\n"
            "  partial-order reduction: 0 of 1,000,000 states took one thread's step alone\n");
  r.expected = {BugKind::kDeadlock};
  r.stats.limit = "time-limit";
  EXPECT_EQ(RenderText(r, kQuiet),
            "scenarios/corpus/dining_5.py: INCOMPLETE (stopped by time-limit; no bug found in "
            "1,000,000 states; expected: deadlock)\n");
}

// A distributed search of a program with loops: the headline and the statistics say the fair
// cycles were not checked; with -v, each rank's share.
TEST(TextReportTest, DistributedWithoutTheCycleCheck) {
  ScenarioResult r = fixtures::IncompleteScenario();
  r.stats.limit = "cycles-distributed";
  r.stats.search_order = "distributed breadth-first";
  r.stats.ranks = {{500'000, 260'000, 130, 300 << 20}, {500'000, 250'000, 128, 290 << 20}};
  EXPECT_EQ(RenderText(r, kVerbose),
            "scenarios/corpus/dining_5.py: INCOMPLETE (fair cycles not checked by a distributed "
            "search; no bug found in 1,000,000 states)\n"
            "  explored 1,000,000 states, 2,400,000 transitions, fair cycles not checked by a "
            "distributed search\n"
            "  distributed breadth-first search, depth 40, 2.25 s, peak memory 150.0 MiB, store "
            "61.0 MiB (64.0 bytes/state)\n"
            "  fingerprint collision odds 0.0e+00 (60-bit fingerprints)\n"
            "  partial-order reduction: 0 of 1,000,000 states took one thread's step alone\n"
            "  distributed over 2 ranks: states 500,000 / 500,000; 510,000 states sent in 258 "
            "messages, 590.0 MiB\n");
}

TEST(TextReportTest, ExpectedBugNotFound) {
  ScenarioResult r = fixtures::PassingScenario();
  r.expected = {BugKind::kDeadlock, BugKind::kAssertion};
  r.matched_expectation = false;
  EXPECT_EQ(RenderText(r, kDefault),
            "scenarios/corpus/locked_counter.py: FAIL (no bug found in 58 states; expected: "
            "deadlock, assertion)\n"
            "  explored 58 states, 80 transitions, complete\n");
}

// Quiet: one line per scenario, and for a scenario that did not match its expectation one line
// per finding and per input error, "file:line:col: kind: message", which editors and CI logs
// link to the source.
TEST(TextReportTest, QuietIsOneLinePerScenarioAndPerFinding) {
  std::string out;
  for (const ScenarioResult& r : fixtures::FullReport().scenarios) out += RenderText(r, kQuiet);
  EXPECT_EQ(out, R"txt(scenarios/bad/syntax.py: ERROR (1 input error)
scenarios/bad/syntax.py:1:5: error: '(' was never closed
scenarios/corpus/dining_5.py: INCOMPLETE (stopped by max-states; no bug found in 1,000,000 states)
scenarios/corpus/lock_order.py: FAIL (3 bugs: deadlock, starvation, lock-order; expected: pass)
scenarios/corpus/lock_order.py:13:14: deadlock: Thread-1 (one), Thread-2 (two) wait for each other
scenarios/corpus/lock_order.py:18:14: starvation: Thread-2 (two) never gets a: Thread-1 (one) takes it again every time
scenarios/corpus/lock_order.py:18:14: lock-order (warning): locks a and b are taken in both orders
scenarios/corpus/locked_counter.py: ok (58 states, complete)
scenarios/corpus/release_twice_caught.py: ok (found the expected unlock-not-held)
)txt");
  // Quiet wins over verbose.
  EXPECT_EQ(RenderText(fixtures::PassingScenario(), TextOptions{true, true}),
            "scenarios/corpus/locked_counter.py: ok (58 states, complete)\n");
}

TEST(TextReportTest, Summary) {
  EXPECT_EQ(RenderSummary(fixtures::FullReport().scenarios),
            "5 scenarios: 2 ok, 1 failed, 1 error, 1 incomplete\n");
  EXPECT_EQ(RenderSummary({fixtures::PassingScenario()}),
            "1 scenario: 1 ok, 0 failed, 0 errors, 0 incomplete\n");
  EXPECT_EQ(RenderSummary({}), "0 scenarios: 0 ok, 0 failed, 0 errors, 0 incomplete\n");
}

TEST(TextReportTest, TraceColumnsFollowTheirContent) {
  std::vector<TraceStep> steps;
  for (int i = 0; i < 10; ++i)
    steps.push_back({0, "MainThread", "x = 1", 7, 1, "wrote 1", {}});
  // Names are measured in characters, not bytes.
  steps.push_back({1, "Thread-1 (café)", "q.get()", 120, 5, "returned 3", {"a", ""}});
  // An operation past the column cap overflows its own row only; nothing is cut.
  steps.push_back({1, "Thread-1 (café)",
                   "results.append(compute(values[0], values[1], values[2]))", 9, 5, "", {}});
  EXPECT_EQ(RenderTrace(steps, std::nullopt), R"txt(     1  MainThread       x = 1    line 7    wrote 1
     2  MainThread       x = 1    line 7    wrote 1
     3  MainThread       x = 1    line 7    wrote 1
     4  MainThread       x = 1    line 7    wrote 1
     5  MainThread       x = 1    line 7    wrote 1
     6  MainThread       x = 1    line 7    wrote 1
     7  MainThread       x = 1    line 7    wrote 1
     8  MainThread       x = 1    line 7    wrote 1
     9  MainThread       x = 1    line 7    wrote 1
    10  MainThread       x = 1    line 7    wrote 1
    11  Thread-1 (café)  q.get()  line 120  returned 3
        | a
        |
    12  Thread-1 (café)  results.append(compute(values[0], values[1], values[2]))  line 9
)txt");
}

TEST(TextReportTest, ControlCharactersShowEscaped) {
  // A scenario chooses its thread names and what it prints: neither may drive the terminal
  // nor break the columns.
  std::vector<TraceStep> steps = {
      {1, "red\x1b[31m", "print(s)", 3, 1, "printed", {"a\tb\r"}},
      {0, "MainThread", "x", 4, 1, "wrote 1", {}}};
  EXPECT_EQ(RenderTrace(steps, std::nullopt),
            "     1  red\\x1b[31m  print(s)  line 3  printed\n"
            "        | a\\tb\\r\n"
            "     2  MainThread   x         line 4  wrote 1\n");
}

TEST(TextReportTest, LassoMarkersAtTheEdges) {
  std::vector<TraceStep> steps = {{1, "T", "a.acquire()", 3, 1, "acquired", {}},
                                  {1, "T", "a.release()", 4, 1, "released", {"out"}}};
  // The whole trace repeats; printed output stays inside the cycle.
  EXPECT_EQ(RenderTrace(steps, 0), R"txt(    -- the next 2 steps repeat forever --
     1  T  a.acquire()  line 3  acquired
     2  T  a.release()  line 4  released
        | out
    -- (back to step 1; the cycle repeats) --
)txt");
  // Only the last step repeats.
  EXPECT_EQ(RenderTrace(steps, 1), R"txt(     1  T  a.acquire()  line 3  acquired
    -- the next step repeats forever --
     2  T  a.release()  line 4  released
        | out
    -- (back to step 2; the cycle repeats) --
)txt");
  // A start outside the trace is a checker bug, and the text says so rather than drawing a
  // cycle that is not there.
  EXPECT_EQ(RenderTrace(steps, 2), R"txt(     1  T  a.acquire()  line 3  acquired
     2  T  a.release()  line 4  released
        | out
    -- internal error: loop_start 2 is outside this 2-step trace; no cycle to show --
)txt");
  EXPECT_EQ(RenderTrace({}, -1),
            "    -- internal error: loop_start -1 is outside this 0-step trace; no cycle to show "
            "--\n");
}

TEST(TextReportTest, WarningsQuotingAndBareBugs) {
  Bug b;
  b.kind = BugKind::kLockOrder;
  b.severity = Severity::kWarning;
  b.message = "locks a and b are taken in both orders";
  b.location = {"s.py", 0, 0};
  b.replay = "lc1:ab{26!}c";
  // No trace, no final state, no cycle: only what there is. Arguments an interactive shell
  // would expand are quoted.
  EXPECT_EQ(RenderBug(b, "my scenarios/s.py"),
            "lock-order (warning): locks a and b are taken in both orders\n"
            "  at s.py\n"
            "  replay: lockcheck replay 'my scenarios/s.py' --schedule 'lc1:ab{26!}c'\n");
  b.replay = "";
  b.trace = {{0, "MainThread", "a.acquire()", 2, 1, "acquired", {}}};
  EXPECT_EQ(RenderBug(b, "s.py"),
            "lock-order (warning): locks a and b are taken in both orders\n"
            "  at s.py\n"
            "  trace (1 step):\n"
            "     1  MainThread  a.acquire()  line 2  acquired\n");
}

TEST(TextReportTest, ShortTraceFoldsSetUpAndRepeats) {
  EXPECT_EQ(RenderText(fixtures::LostUpdateScenario(), kDefault), R"txt(scenarios/corpus/counter.py: ok (found the expected assertion)
  explored 100 states, 150 transitions, complete

assertion: AssertionError: counter is 9 (in MainThread)
  at scenarios/corpus/counter.py:14:1
  trace (30 steps; set-up and repeats folded, --trace full shows every step):
   1-4  MainThread       (set-up)              lines 1-10  4 steps: wrote counter, t1, t2
     5  MainThread       t1.start()            line 11  started Thread-1 (work)
     6  MainThread       t2.start()            line 12  started Thread-2 (work)
     7  Thread-1 (work)  counter               line 7   read 0
*    8  Thread-2 (work)  counter               line 7   read 0
*    9  Thread-1 (work)  counter               line 7   wrote 1
    10  Thread-1 (work)  counter               line 7   read 1
    11  Thread-1 (work)  counter               line 7   wrote 2
    ... the same 2 steps x 2 more times (steps 12-15)
    16  Thread-1 (work)  counter               line 7   read 4
    17  Thread-1 (work)  counter               line 7   wrote 5
*   18  Thread-2 (work)  counter               line 7   wrote 1
    19  Thread-2 (work)  counter               line 7   read 5
    20  Thread-2 (work)  counter               line 7   wrote 6
    ... the same 2 steps x 2 more times (steps 21-24)
    25  Thread-2 (work)  counter               line 7   read 8
    26  Thread-2 (work)  counter               line 7   wrote 9
    27  MainThread       t1.join()             line 13  joined Thread-1 (work)
    28  MainThread       t2.join()             line 13  joined Thread-2 (work)
*   29  MainThread       counter               line 14  read 9
*   30  MainThread       assert counter == 10  line 14  raised AssertionError('counter is 9')
  decisive steps (*): Thread-2 (work) read counter (step 8) before Thread-1 (work) wrote it (step 9), then wrote over that (step 18): Thread-1 (work)'s update is lost; MainThread reads counter at step 29; MainThread fails at step 30
  final state:
    MainThread       finished
    Thread-1 (work)  finished
    Thread-2 (work)  finished
  replay: lockcheck replay scenarios/corpus/counter.py --schedule lc1:aaaaaabcbbbbbbbbbccccccccaaaa

)txt");
}

TEST(TextReportTest, FullTraceListsEveryStep) {
  TextOptions full;
  full.full_trace = true;
  EXPECT_EQ(RenderText(fixtures::LostUpdateScenario(), full), R"txt(scenarios/corpus/counter.py: ok (found the expected assertion)
  explored 100 states, 150 transitions, complete

assertion: AssertionError: counter is 9 (in MainThread)
  at scenarios/corpus/counter.py:14:1
  trace (30 steps):
     1  MainThread       <module>              line 1   thread starts
     2  MainThread       counter               line 3   wrote 0
     3  MainThread       t1                    line 9   wrote <Thread(Thread-1 (work), initial)>
     4  MainThread       t2                    line 10  wrote <Thread(Thread-2 (work), initial)>
     5  MainThread       t1.start()            line 11  started Thread-1 (work)
     6  MainThread       t2.start()            line 12  started Thread-2 (work)
     7  Thread-1 (work)  counter               line 7   read 0
*    8  Thread-2 (work)  counter               line 7   read 0
*    9  Thread-1 (work)  counter               line 7   wrote 1
    10  Thread-1 (work)  counter               line 7   read 1
    11  Thread-1 (work)  counter               line 7   wrote 2
    12  Thread-1 (work)  counter               line 7   read 2
    13  Thread-1 (work)  counter               line 7   wrote 3
    14  Thread-1 (work)  counter               line 7   read 3
    15  Thread-1 (work)  counter               line 7   wrote 4
    16  Thread-1 (work)  counter               line 7   read 4
    17  Thread-1 (work)  counter               line 7   wrote 5
*   18  Thread-2 (work)  counter               line 7   wrote 1
    19  Thread-2 (work)  counter               line 7   read 5
    20  Thread-2 (work)  counter               line 7   wrote 6
    21  Thread-2 (work)  counter               line 7   read 6
    22  Thread-2 (work)  counter               line 7   wrote 7
    23  Thread-2 (work)  counter               line 7   read 7
    24  Thread-2 (work)  counter               line 7   wrote 8
    25  Thread-2 (work)  counter               line 7   read 8
    26  Thread-2 (work)  counter               line 7   wrote 9
    27  MainThread       t1.join()             line 13  joined Thread-1 (work)
    28  MainThread       t2.join()             line 13  joined Thread-2 (work)
*   29  MainThread       counter               line 14  read 9
*   30  MainThread       assert counter == 10  line 14  raised AssertionError('counter is 9')
  decisive steps (*): Thread-2 (work) read counter (step 8) before Thread-1 (work) wrote it (step 9), then wrote over that (step 18): Thread-1 (work)'s update is lost; MainThread reads counter at step 29; MainThread fails at step 30
  final state:
    MainThread       finished
    Thread-1 (work)  finished
    Thread-2 (work)  finished
  replay: lockcheck replay scenarios/corpus/counter.py --schedule lc1:aaaaaabcbbbbbbbbbccccccccaaaa

)txt");
}

// A set-up step that printed splits the set-up fold; a turn of two threads taking turns folds
// as one block, and when the run ends inside a turn the fold says how far the last one went.
TEST(TextReportTest, FoldsSplitAtStepsThatMatterAndEndInsideATurn) {
  std::vector<TraceStep> steps = {
      {0, "MainThread", "<module>", 1, 1, "thread starts", {}},
      {0, "MainThread", "x", 2, 1, "wrote 0", {}, "write", "x"},
      {0, "MainThread", "print('go')", 3, 1, "printed", {"go"}},
      {0, "MainThread", "y", 4, 1, "wrote 0", {}, "write", "y"},
      {0, "MainThread", "z", 5, 1, "wrote []", {}, "write", "z"},
      {0, "MainThread", "t1.start()", 6, 1, "started Thread-1", {}, "start", "t1"},
  };
  // Thread-1 and Thread-2 alternate reads of x: 4 turns of 2, then one more read by Thread-1.
  for (int i = 0; i < 9; ++i) {
    const int t = 1 + i % 2;
    steps.push_back({t, absl::StrCat("Thread-", t), "x", 9, 5, absl::StrCat("read ", i), {},
                     "read", "x"});
  }
  steps.push_back({2, "Thread-2", "x", 10, 5, "raised ZeroDivisionError('division by zero')", {}});
  EXPECT_EQ(RenderTrace(steps, std::nullopt, /*fold=*/true), R"txt(   1-2  MainThread  (set-up)     lines 1-2  2 steps: wrote x
     3  MainThread  print('go')  line 3   printed
        | go
   4-5  MainThread  (set-up)     lines 4-5  2 steps: wrote y, z
     6  MainThread  t1.start()   line 6   started Thread-1
     7  Thread-1    x            line 9   read 0
     8  Thread-2    x            line 9   read 1
    ... the same 2 steps x 2 more times, then the first of them again (steps 9-13)
    14  Thread-2    x            line 9   read 7
    15  Thread-1    x            line 9   read 8
    16  Thread-2    x            line 10  raised ZeroDivisionError('division by zero')
)txt");
}

// A set-up that runs through imported modules gives each file its own range of lines: one
// range over all of them would mix the scenario's lines with the modules' (a trace of a
// 38-line scenario said "lines 1-57" once it imported concurrent.futures). A package's
// `__init__.py` is named with its package's directory.
TEST(TextReportTest, ASetUpThroughModulesGivesEachFileItsOwnLines) {
  std::vector<TraceStep> steps = {
      {0, "MainThread", "<module>", 1, 1, "thread starts", {}},
      {0, "MainThread", "PENDING", 10, 1, "wrote 'PENDING'", {}, "write", "_base.PENDING"},
      {0, "MainThread", "_futures_made", 57, 1, "wrote 0", {}, "write", "_base._futures_made"},
      {0, "MainThread", "_shutdown", 9, 1, "wrote False", {}, "write", "thread._shutdown"},
      {0, "MainThread", "ALL_COMPLETED", 5, 1, "wrote 'ALL_COMPLETED'", {}, "write",
       "futures.ALL_COMPLETED"},
      {0, "MainThread", "q", 5, 1, "wrote []", {}, "write", "q"},
      {0, "MainThread", "t1.start()", 17, 1, "started Thread-1", {}, "start", "t1"},
  };
  steps[1].file = steps[2].file = "/lib/concurrent/futures/_base.py";
  steps[3].file = "/lib/concurrent/futures/thread.py";
  steps[4].file = "/lib/concurrent/futures/__init__.py";
  EXPECT_EQ(RenderTrace(steps, std::nullopt, /*fold=*/true),
            R"txt(   1-6  MainThread  (set-up)    lines 1-5, _base.py:10-57, thread.py:9, futures/__init__.py:5  6 steps: wrote _base.PENDING, _base._futures_made, thread._shutdown, futures.ALL_COMPLETED, q
     7  MainThread  t1.start()  line 17  started Thread-1
)txt");
}

// A lasso's cycle folds apart from its prefix: the same steps before and after the cycle's
// start are two runs, and the markers stay where the cycle begins and ends.
TEST(TextReportTest, ACycleFoldsApartFromItsPrefix) {
  const std::vector<TraceStep> steps(
      10, TraceStep{1, "Thread-1", "flag", 4, 11, "read False", {}, "read", "flag"});
  EXPECT_EQ(RenderTrace(steps, 5, /*fold=*/true), R"txt(     1  Thread-1  flag  line 4  read False
    ... the same step x 3 more times (steps 2-4)
     5  Thread-1  flag  line 4  read False
    -- the next 5 steps repeat forever --
     6  Thread-1  flag  line 4  read False
    ... the same step x 3 more times (steps 7-9)
    10  Thread-1  flag  line 4  read False
    -- (back to step 6; the cycle repeats) --
)txt");
}

}  // namespace
}  // namespace lockcheck
