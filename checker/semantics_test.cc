// The scenario language and the modelled primitives, end to end: each test runs a small
// scenario and pins what CPython would print or raise.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/check.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Check;
using testing::RunOutput;

TEST(SemanticsTest, TraceLabelsNameTheOperationNeverTheStatementThatLeavesAWith) {
  // A `with` left by return, break or continue exits its manager: the step is
  // `lock.release()` at the `with`, not `return n[0].release()` at the return.
  CheckRequest request;
  request.path = testing::WriteScenario("with_return_label", R"(
import threading
lock = threading.Lock()
n = [0]
def work():
    with lock:
        n[0] += 1
        return n[0]
def loop():
    while True:
        with lock:
            break
    for i in range(2):
        with lock:
            continue
work()
loop()
)");
  std::vector<TraceStep> trace;
  RunScenario(request, &trace);
  std::vector<std::string> releases;
  for (const TraceStep& s : trace) {
    EXPECT_EQ(s.op.find("return"), std::string::npos) << s.op;
    EXPECT_EQ(s.op.find("break"), std::string::npos) << s.op;
    EXPECT_EQ(s.op.find("continue"), std::string::npos) << s.op;
    if (s.outcome == "released") releases.push_back(absl::StrCat(s.op, "@", s.line));
  }
  EXPECT_THAT(releases, ElementsAre("lock.release()@6", "lock.release()@11",
                                    "lock.release()@14", "lock.release()@14"));
}

TEST(SemanticsTest, IntegerArithmeticFollowsPython) {
  EXPECT_THAT(RunOutput("arith", R"(
print(7 // 2, -7 // 2, 7 // -2, 7 % 3, -7 % 3, 7 % -3)
print(2 ** 10, 10 / 4, 1 + True, abs(-3), divmod(-7, 2))
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0, "a" + "b", "ab" * 2, [1] * 3)
x = 5
x += 2
x *= 3
print(x, -x, not x, x if x > 3 else 0)
)"),
              ElementsAre("3 -4 -4 1 2 -2", "1024 2.5 2 3 (-4, 1)",
                          "True False True ab abab [1, 1, 1]", "21 -21 False 21"));
}

TEST(SemanticsTest, FloatsPrintAsPython) {
  EXPECT_THAT(RunOutput("floats", "print(0.1 + 0.2, 1.0, 1e16, 1e-05, 2.5e-3, -0.0, 3 / 1)\n"),
              ElementsAre("0.30000000000000004 1.0 1e+16 1e-05 0.0025 -0.0 3.0"));
}

TEST(SemanticsTest, ListsTuplesAndComprehensions) {
  EXPECT_THAT(RunOutput("lists", R"(
a = [3, 1, 2]
a.append(5)
a.sort()
b = [x * x for x in a if x > 1]
print(a, b, len(b), b[-1], b[1:], a[::-1])
t = (1, "x")
p, q = t
print(t, p, q, (7,), sorted([3, 1]), sum(a), min(a), max(a), any([]), all([]))
print([i for i, v in enumerate("ab")], list(zip([1, 2], "ab")), a.pop(), a.index(2))
d = {"k": 1}
d["j"] = 2
print(d, d.get("z", 0), "k" in d, list(d.keys()))
print(f"{p}-{q!r}-{a}", str(12), repr("it's"), "a,b".split(","), "-".join(["x", "y"]))
)"),
              ElementsAre("[1, 2, 3, 5] [4, 9, 25] 3 25 [9, 25] [5, 3, 2, 1]",
                          "(1, 'x') 1 x (7,) [1, 3] 11 1 5 False True",
                          "[0, 1] [(1, 'a'), (2, 'b')] 5 1",
                          "{'k': 1, 'j': 2} 0 True ['k', 'j']",
                          "1-'x'-[1, 2, 3] 12 \"it's\" ['a', 'b'] x-y"));
}

TEST(SemanticsTest, Deque) {
  EXPECT_THAT(RunOutput("deque", R"(from collections import deque
d = deque([1, 2])
d.append(3)
d.appendleft(0)
print(d, len(d), d[0], d[-1], 2 in d, d.popleft(), d.pop(), list(d), bool(deque()))
)"),
              ElementsAre("deque([1, 2]) 4 0 3 True 0 3 [1, 2] False"));
  ScenarioResult r;
  RunOutput("deque_empty", "from collections import deque\ndeque().popleft()\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "IndexError: pop from an empty deque (in MainThread)");
}

TEST(SemanticsTest, TryExceptElseFinallyAndRaise) {
  EXPECT_THAT(RunOutput("try", R"(import threading
lock = threading.Lock()
log = []
def f(n):
    try:
        if n == 0:
            raise ValueError("zero")
        x = 10 // (n - 1)
        log.append(x)
    except ZeroDivisionError as e:
        log.append("zde " + str(e))
    except (ValueError, TypeError) as e:
        log.append("ve " + str(e))
    else:
        log.append("else")
    finally:
        log.append("finally")
for i in range(3):
    f(i)
print(log)
def g():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            log.append("g" + str(i))
    try:
        return 5
    finally:
        log.append("ret")
print(g(), log[-3:])
try:
    try:
        raise KeyError("k")
    except KeyError:
        raise
except LookupError as e:
    print("outer", repr(e))
with lock:
    try:
        raise RuntimeError("in with")
    except RuntimeError:
        pass
print(lock.locked())
)"),
              ElementsAre("['ve zero', 'finally', 'zde integer division or modulo by zero', "
                          "'finally', 10, 'else', 'finally']",
                          "5 ['g0', 'g1', 'ret']", "outer KeyError('k')", "False"));
}

TEST(SemanticsTest, RaiseStatementShowsInTheTrace) {
  // Regression: `raise X(...)` of an exception object left no trace line (only exceptions the
  // VM created itself did).
  ScenarioResult r = Check("raise_trace", "def f():\n    raise ValueError('x')\nf()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  ASSERT_FALSE(r.bugs[0].trace.empty());
  EXPECT_EQ(r.bugs[0].trace.back().op, "raise ValueError('x')");
  EXPECT_EQ(r.bugs[0].trace.back().outcome, "raised ValueError('x')");
  EXPECT_EQ(r.bugs[0].location.line, 2);
}

TEST(SemanticsTest, CaughtReleaseFaultIsReportedAsHandled) {
  ScenarioResult r = Check("handled", R"(import threading
lock = threading.Lock()
try:
    lock.release()
except RuntimeError:
    pass
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kUnlockNotHeld);
  EXPECT_TRUE(r.bugs[0].handled);
  r = Check("unhandled", "import threading\nthreading.Lock().release()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_FALSE(r.bugs[0].handled);
}

TEST(SemanticsTest, ExceptionThroughWithAfterALoopReleasesTheLock) {
  // Regression for the stack depth after loops (see CompilerTest.StackDepthAfterLoopsIsExact).
  ScenarioResult r = Check("with_after_loop", R"(import threading
l = threading.Lock()
def f():
    for i in range(2):
        pass
    with l:
        x = 1 // 0
t = threading.Thread(target=f)
t.start()
t.join()
assert not l.locked()
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "ZeroDivisionError: integer division or modulo by zero (in Thread-1 (f))");
}

TEST(SemanticsTest, FunctionsWithDefaultsAndKeywords) {
  EXPECT_THAT(RunOutput("functions", R"(
def f(a, b=2, c=3):
    return a + b * c
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
print(f(1), f(1, c=10), f(c=1, a=0, b=5), fact(10))
)"),
              ElementsAre("7 21 5 3628800"));
}

TEST(SemanticsTest, WrongCallsRaiseCPythonTypeErrors) {
  ScenarioResult r;
  RunOutput("badcall", "def f(a, b):\n    pass\nf(1)\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "TypeError: f() missing 1 required positional argument: 'b' (in MainThread)");
  RunOutput("badcall2", "def f(a):\n    pass\nf(1, 2)\n", &r);
  EXPECT_EQ(r.bugs[0].message,
            "TypeError: f() takes 1 positional argument but 2 were given (in MainThread)");
  RunOutput("badkw", "def f(a):\n    pass\nf(1, z=2)\n", &r);
  EXPECT_EQ(r.bugs[0].message,
            "TypeError: f() got an unexpected keyword argument 'z' (in MainThread)");
}

// Found by tools/differential_test.py: the messages CPython gives for a sequence's + and *
// and for abs() of a non-number (lockcheck gave the generic operand message).
TEST(SemanticsTest, SequenceOperandErrorsSayWhatCPythonSays) {
  EXPECT_THAT(RunOutput("seq_errors", R"(for f in [1, 2, 3, 4, 5, 6]:
    try:
        if f == 1:
            x = [1] + (2,)
        elif f == 2:
            x = (1,) + [2]
        elif f == 3:
            x = "a" + 1
        elif f == 4:
            x = "x" * "y"
        elif f == 5:
            x = 2.5 * [1]
        else:
            x = abs("s")
    except TypeError as e:
        print(e)
)"),
              ElementsAre("can only concatenate list (not \"tuple\") to list",
                          "can only concatenate tuple (not \"list\") to tuple",
                          "can only concatenate str (not \"int\") to str",
                          "can't multiply sequence by non-int of type 'str'",
                          "can't multiply sequence by non-int of type 'float'",
                          "bad operand type for abs(): 'str'"));
}

// Found by the check fuzz target (UBSan: IntOf of a non-int read the int pool out of bounds):
// list.pop's index must be an int, as in CPython.
TEST(SemanticsTest, ListPopOfANonIntIsATypeError) {
  EXPECT_THAT(RunOutput("pop_type", R"(items = [1, 2]
for arg in [TypeError, "0", 1.5, None]:
    try:
        items.pop(arg)
    except TypeError as e:
        print(e)
print(items.pop(True), items)
)"),
              ElementsAre("'type' object cannot be interpreted as an integer",
                          "'str' object cannot be interpreted as an integer",
                          "'float' object cannot be interpreted as an integer",
                          "'NoneType' object cannot be interpreted as an integer", "2 [1]"));
}

// An exception's `args` is not modelled (only its message is kept): reading it is refused at
// its line, never an AttributeError "bug" the program would not have under CPython.
// e.args is CPython's where the model keeps it (a raised builtin exception's message, a user
// exception class's arguments), and refused where it would be another value (an exception
// built from a non-str value keeps only its str()); several arguments are refused at once.
TEST(SemanticsTest, ExceptionArgsAreCPythonsOrRefused) {
  EXPECT_EQ(RunOutput("exc_args_div",
                      "try:\n    1 % 0\nexcept Exception as e:\n    print(e.args)\n"),
            std::vector<std::string>{"('integer modulo by zero',)"});
  ScenarioResult r = Check("exc_args_int", "try:\n    raise ValueError(1)\nexcept Exception as e:\n"
                                           "    print(e.args)\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr(":4:11: error: unsupported in scenarios: the args of an exception built "
                        "from a non-str value"));
  r = Check("exc_two_args", "e = ValueError('a', 2)\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr("unsupported in scenarios: ValueError() with more than one argument"));
}

TEST(SemanticsTest, IntegerOverflowIsAnInputError) {
  ScenarioResult r = Check("overflow", "x = 2 ** 62\ny = x * 4\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0], HasSubstr(":2:5: error: integer overflow"));
}

TEST(SemanticsTest, RunawayLoopIsAnInputError) {
  ScenarioResult r = Check("runaway", "x = 0\nwhile True:\n    x = x + 1\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr(":3:5: error: thread 'MainThread' ran 1000000 instructions without a "
                        "visible operation (a runaway loop?)\n        x = x + 1\n        ^\n"));
}

// A thread left alone runs its visible operations inline; when its states repeat it is spinning
// forever (a finding), not running away (an input error). Regression: this was refused as a
// runaway loop.
TEST(SemanticsTest, ThreadSpinningAloneIsALivelockNotARunawayLoop) {
  ScenarioResult r = Check("spin_alone", R"(import threading
lock = threading.Lock()
def worker():
    n = 0
    while True:
        with lock:
            n = (n + 1) % 3
t = threading.Thread(target=worker)
t.start()
)");
  ASSERT_EQ(r.status, ScenarioStatus::kFail);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kLivelock);
  EXPECT_TRUE(r.stats.complete);
}

// The same loop over states that keep changing is still a runaway loop, refused with the usual
// diagnostic, and so is one alone with a visible operation but a growing state.
TEST(SemanticsTest, ThreadAloneOverGrowingStateIsStillARunawayLoop) {
  ScenarioResult r = Check("grow_alone", R"(import threading
lock = threading.Lock()
def worker():
    n = 0
    while True:
        with lock:
            n = n + 1
t = threading.Thread(target=worker)
t.start()
)");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0], HasSubstr("a runaway loop?"));
}

TEST(SemanticsTest, HugeRangeAndListAreInputErrors) {
  ScenarioResult r = Check("huge", "x = list(range(10 ** 12))\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr(":1:10: error: range too large: 1000000000000 items (the limit is "
                        "100000)\n    x = list(range(10 ** 12))\n             ^\n"));
  r = Check("hugelist", "x = [0] * 200000\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0], HasSubstr(":1:5: error: object too large"));
}

TEST(SemanticsTest, DeepRecursionIsAnInputError) {
  ScenarioResult r = Check("recursion", "def f(n):\n    return f(n + 1)\nf(0)\n");
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr(":2:12: error: recursion too deep: more than 200 nested calls\n"
                        "        return f(n + 1)\n"
                        "               ^\n"));
}

// ---- primitives: errors and messages (reference §6) ---------------------------------------

std::string OnlyBugMessage(const std::string& name, const std::string& text) {
  ScenarioResult r = Check(name, text);
  if (r.bugs.size() != 1) return "bugs: " + std::to_string(r.bugs.size());
  return r.bugs[0].message;
}

TEST(PrimitiveErrorsTest, LockRelease) {
  ScenarioResult r = Check("release", "import threading\nl = threading.Lock()\nl.release()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kUnlockNotHeld);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: release unlocked lock (in MainThread)");
  EXPECT_EQ(r.bugs[0].location.line, 3);
}

TEST(PrimitiveErrorsTest, RLockReleasedByNonOwner) {
  ScenarioResult r = Check("rlock", R"(import threading
l = threading.RLock()
def other():
    l.release()
l.acquire()
t = threading.Thread(target=other)
t.start()
t.join()
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kUnlockNotHeld);
  EXPECT_EQ(r.bugs[0].message,
            "RuntimeError: cannot release un-acquired lock (in Thread-1 (other))");
}

TEST(PrimitiveErrorsTest, AcquireArguments) {
  const char* prefix = "import threading\nl = threading.Lock()\n";
  EXPECT_EQ(OnlyBugMessage("a1", std::string(prefix) + "l.acquire(False, 1)\n"),
            "ValueError: can't specify a timeout for a non-blocking call (in MainThread)");
  EXPECT_EQ(OnlyBugMessage("a2", std::string(prefix) + "l.acquire(timeout=-100)\n"),
            "ValueError: timeout value must be a non-negative number (in MainThread)");
  EXPECT_EQ(OnlyBugMessage("a3", std::string(prefix) + "l.acquire(timeout=1e100)\n"),
            "OverflowError: timestamp out of range for platform time_t (in MainThread)");
  EXPECT_EQ(OnlyBugMessage("a4", std::string(prefix) +
                                     "l.acquire(timeout=threading.TIMEOUT_MAX + 1)\n"),
            "OverflowError: timeout value is too large (in MainThread)");
  EXPECT_EQ(OnlyBugMessage("a5", std::string(prefix) + "l.acquire(timeout=None)\n"),
            "TypeError: 'NoneType' object cannot be interpreted as an integer or float (in "
            "MainThread)");
  EXPECT_EQ(OnlyBugMessage("a6", "import threading\nthreading.Lock(1)\n"),
            "TypeError: lock() takes no positional arguments (in MainThread)");
  // -1 means "forever" even with blocking=False; the free lock is taken.
  EXPECT_EQ(OnlyBugMessage("a7", std::string(prefix) + "assert l.acquire(False, -1)\n"),
            "bugs: 0");
}

TEST(PrimitiveErrorsTest, ThreadLifecycle) {
  EXPECT_EQ(OnlyBugMessage("t1", R"(import threading
t = threading.Thread(target=print)
t.join()
)"),
            "RuntimeError: cannot join thread before it is started (in MainThread)");
  EXPECT_EQ(OnlyBugMessage("t2", "import threading\nthreading.current_thread().join()\n"),
            "RuntimeError: cannot join current thread (in MainThread)");
  EXPECT_EQ(OnlyBugMessage("t3", R"(import threading
def f():
    pass
t = threading.Thread(target=f)
t.start()
t.start()
t.join()
)"),
            "RuntimeError: threads can only be started once (in MainThread)");
}

TEST(PrimitiveErrorsTest, LockIsNotReentrant) {
  ScenarioResult r = Check("reentrant", "import threading\nl = threading.Lock()\nwith l:\n"
                                        "    l.acquire()\n");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kDeadlock);
  EXPECT_EQ(r.bugs[0].message, "MainThread waits in l.acquire() for a lock it holds itself");
}

TEST(PrimitiveErrorsTest, TimedAcquireOnHeldLockTimesOut) {
  EXPECT_THAT(RunOutput("timed", R"(import threading
l = threading.Lock()
l.acquire()
print(l.acquire(timeout=0.5), l.acquire(False), l.locked())
r = threading.RLock()
print(r.acquire(), r.acquire(False), r._recursion_count(), r._is_owned())
)"),
              ElementsAre("False False True", "True True 2 True"));
}

TEST(SemanticsTest, ThreadNamesAndIdents) {
  EXPECT_THAT(RunOutput("names", R"(import threading
def work(n, tag="x"):
    print(threading.current_thread().name, n, tag)
t = threading.Thread(target=work, args=(1,), kwargs={"tag": "y"})
u = threading.Thread(target=work, args=(2,), name="worker")
print(t.name, u.name, t.is_alive(), t.ident, threading.main_thread().name)
t.start()
t.join()
u.start()
u.join()
print(t.is_alive(), t.ident)
)"),
              ElementsAre("Thread-1 (work) worker False None MainThread", "Thread-1 (work) 1 y",
                          "worker 2 x", "False 2"));
}

}  // namespace
}  // namespace lockcheck
