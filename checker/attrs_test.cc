// getattr, setattr, hasattr and delattr, end to end: the `.` operator's lookup with a name
// known at run time. The expected texts are CPython 3.13's (taken from python3).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Check;
using testing::RunOutput;

// The one bug a run hit, as its message.
std::string RunBug(const std::string& name, const std::string& text) {
  ScenarioResult r;
  RunOutput(name, text, &r);
  if (r.bugs.size() != 1) return absl::StrCat("(", r.bugs.size(), " bugs)");
  return r.bugs[0].message;
}

// The one input error of a run, rendered.
std::string RunRefusal(const std::string& name, const std::string& text) {
  ScenarioResult r;
  RunOutput(name, text, &r);
  if (r.rendered_errors.size() != 1) return absl::StrCat("(", r.rendered_errors.size(), " errors)");
  return r.rendered_errors[0];
}

TEST(AttrsTest, InstancesAndClassesAsTheDotOperatorSeesThem) {
  EXPECT_THAT(RunOutput("attrs_instances", R"(
class C:
    kind = "c"
    def __init__(self):
        self.x = 1
    def m(self, k):
        return self.x + k
    @property
    def p(self):
        return self.x * 10
    @p.setter
    def p(self, v):
        self.x = v
    @staticmethod
    def s():
        return "s"
    @classmethod
    def cm(cls):
        return cls.__name__

c = C()
name = "x"
print(getattr(c, name), getattr(c, "kind"), getattr(C, "kind"), getattr(c, "m")(2))
print(getattr(c, "p"), getattr(c, "p", 5), hasattr(c, "p"), getattr(C, "s")(), getattr(c, "cm")())
setattr(c, "y", [1])
setattr(c, "p", 7)
print(c.y, c.x, c.p, setattr(c, "z", 0), hasattr(c, "z"), hasattr(c, "w"), hasattr(C, "m"))
print(getattr(c, "w", None), getattr(c, "w", "dflt"), delattr(c, "z"), hasattr(c, "z"))
setattr(C, "kind", "k")
print(c.kind, getattr(type(c), "__name__"), getattr(c, "__class__") is C)
)"),
              ElementsAre("1 c c 3", "10 10 True s C", "[1] 7 70 None True False True",
                          "None dflt None False", "k C True"));
}

TEST(AttrsTest, ModulesPrimitivesAndBuiltinValues) {
  EXPECT_THAT(RunOutput("attrs_modules", R"(
import threading
import _thread
lock = getattr(threading, "Lock")()
acquire = getattr(lock, "acquire")
print(acquire(), lock.locked(), getattr(lock, "locked")(), hasattr(lock, "release"))
getattr(lock, "release")()
print(lock.locked(), hasattr(lock, "nope"), getattr(lock, "nope", 3))
print(getattr(_thread, "LockType") is _thread.LockType, _thread.TIMEOUT_MAX == threading.TIMEOUT_MAX)
print(type(lock) is _thread.LockType, hasattr([], "append"), getattr("a,b", "split")(","))
d = {}
getattr(d, "setdefault")("k", 1)
print(d, hasattr(1, "x"), callable(getattr(threading, "current_thread")))
)"),
              ElementsAre("True True True True", "False False 3", "True True",
                          "True True ['a', 'b']", "{'k': 1} False True"));
}

TEST(AttrsTest, CPythonsErrors) {
  EXPECT_EQ(RunBug("attrs_missing", "class C:\n    pass\ngetattr(C(), 'x')\n"),
            "AttributeError: 'C' object has no attribute 'x' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_missing_class", "class C:\n    pass\ngetattr(C, 'x')\n"),
            "AttributeError: type object 'C' has no attribute 'x' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_name_type", "getattr(1, 2)\n"),
            "TypeError: attribute name must be string, not 'int' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_name_type_h", "hasattr(1, None)\n"),
            "TypeError: attribute name must be string, not 'NoneType' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_name_type_d", "getattr(1, 2, 3)\n"),
            "TypeError: attribute name must be string, not 'int' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_few", "getattr(1)\n"),
            "TypeError: getattr expected at least 2 arguments, got 1 (in MainThread)");
  EXPECT_EQ(RunBug("attrs_many", "getattr(1, 'a', 2, 3)\n"),
            "TypeError: getattr expected at most 3 arguments, got 4 (in MainThread)");
  EXPECT_EQ(RunBug("attrs_has_few", "hasattr(1)\n"),
            "TypeError: hasattr expected 2 arguments, got 1 (in MainThread)");
  EXPECT_EQ(RunBug("attrs_set_few", "setattr(1, 'a')\n"),
            "TypeError: setattr expected 3 arguments, got 2 (in MainThread)");
  EXPECT_EQ(RunBug("attrs_del_few", "delattr(1)\n"),
            "TypeError: delattr expected 2 arguments, got 1 (in MainThread)");
  EXPECT_EQ(RunBug("attrs_kw", "getattr(1, 'a', default=2)\n"),
            "TypeError: getattr() takes no keyword arguments (in MainThread)");
  EXPECT_EQ(RunBug("attrs_del_missing", "class C:\n    pass\ndelattr(C(), 'x')\n"),
            "AttributeError: 'C' object has no attribute 'x' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_no_setter",
                   "class C:\n    @property\n    def p(self):\n        return 1\n"
                   "setattr(C(), 'p', 2)\n"),
            "AttributeError: property 'p' of 'C' object has no setter (in MainThread)");
}

TEST(AttrsTest, HasattrAndADefaultSwallowOnlyAttributeError) {
  // A getter's AttributeError is swallowed; its other exceptions go on.
  EXPECT_THAT(RunOutput("attrs_getter_attr", R"(
class C:
    @property
    def p(self):
        return self.missing
    @property
    def q(self):
        return 1 // 0
c = C()
print(hasattr(c, "p"), getattr(c, "p", "d"))
try:
    hasattr(c, "q")
except ZeroDivisionError as e:
    print("hasattr raised", e)
try:
    getattr(c, "q", 0)
except ZeroDivisionError as e:
    print("getattr raised", e)
)"),
              ElementsAre("False d", "hasattr raised integer division or modulo by zero",
                          "getattr raised integer division or modulo by zero"));
  EXPECT_EQ(RunBug("attrs_getter_raises",
                   "class C:\n    @property\n    def p(self):\n        return self.missing\n"
                   "getattr(C(), 'p')\n"),
            "AttributeError: 'C' object has no attribute 'missing' (in MainThread)");
}

// The primitives' attributes as CPython has them: Thread, Condition, Semaphore, Event, Barrier
// and Queue are Python classes, whose instances take attributes a program adds and have fields
// (q.maxsize, sem._value) the model lacks: refused, never an AttributeError CPython would not
// raise. Lock, RLock and deque are C types: an AttributeError, named as CPython names them.
TEST(AttrsTest, PrimitivesAttributesAsCPythonHasThem) {
  EXPECT_THAT(RunRefusal("attrs_queue_store", "import queue\nq = queue.Queue()\nq.owner = 1\n"),
              HasSubstr("attrs_queue_store.py:3:1: error: unsupported in scenarios: assigning "
                        "Queue.owner (attributes a program adds to lockcheck's primitives are not "
                        "modelled)"));
  EXPECT_THAT(RunRefusal("attrs_thread_store",
                         "import threading\nt = threading.Thread(target=print)\nt.result = None\n"),
              HasSubstr("assigning Thread.result (attributes"));
  EXPECT_THAT(RunRefusal("attrs_event_store", "import threading\ne = threading.Event()\ne.x = 1\n"),
              HasSubstr("assigning Event.x (attributes"));
  EXPECT_THAT(RunRefusal("attrs_queue_field", "import queue\nq = queue.Queue(2)\nn = q.maxsize\n"),
              HasSubstr("attrs_queue_field.py:3:5: error: unsupported in scenarios: Queue.maxsize "
                        "(not modelled by lockcheck)"));
  EXPECT_THAT(RunRefusal("attrs_sem_field",
                         "import threading\ns = threading.Semaphore(2)\nprint(s._value)\n"),
              HasSubstr("unsupported in scenarios: Semaphore._value (not modelled by lockcheck)"));
  EXPECT_THAT(RunRefusal("attrs_deque_rotate",
                         "import collections\nd = collections.deque([1, 2])\nd.rotate(1)\n"),
              HasSubstr("unsupported in scenarios: deque.rotate (not modelled by lockcheck)"));
  // Names CPython lacks too: its AttributeError, word for word (python3.11 and 3.13).
  EXPECT_EQ(RunBug("attrs_lock_store", "import threading\nl = threading.Lock()\nl.owner = 1\n"),
            "AttributeError: '_thread.lock' object has no attribute 'owner' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_rlock_load", "import threading\nl = threading.RLock()\nl.owner\n"),
            "AttributeError: '_thread.RLock' object has no attribute 'owner' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_lock_method", "import threading\nl = threading.Lock()\nl.put_nowait(1)\n"),
            "AttributeError: '_thread.lock' object has no attribute 'put_nowait' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_deque_method", "import collections\nd = collections.deque()\nd.add(1)\n"),
            "AttributeError: 'collections.deque' object has no attribute 'add' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_queue_method", "import queue\nq = queue.Queue()\nq.acquire()\n"),
            "AttributeError: 'Queue' object has no attribute 'acquire' (in MainThread)");
  EXPECT_EQ(RunBug("attrs_frozenset_method", "s = frozenset()\ns.add(1)\n"),
            "AttributeError: 'frozenset' object has no attribute 'add' (in MainThread)");
}

TEST(AttrsTest, UnmodelledDundersAreRefusedStaticallyAndAtRunTime) {
  EXPECT_THAT(RunRefusal("attrs_static", "def f():\n    pass\ngetattr(f, '__globals__')\n"),
              HasSubstr("attrs_static.py:3:12: error: unsupported in scenarios: the attribute '__globals__' "
                        "(no introspection of objects, functions, classes or modules)"));
  EXPECT_THAT(RunRefusal("attrs_static_set", "class C:\n    pass\nsetattr(C, '__dict__', 1)\n"),
              HasSubstr("unsupported in scenarios: the attribute '__dict__'"));
  EXPECT_THAT(RunRefusal("attrs_dynamic", "n = '__glo' + 'bals__'\ndef f():\n    pass\n"
                                           "hasattr(f, n)\n"),
              HasSubstr("unsupported in scenarios: the attribute '__globals__' (no "
                        "introspection of objects, functions, classes or modules)"));
  // A modelled dunder goes the `.` form's way: (1).__class__ is refused there too.
  EXPECT_THAT(RunRefusal("attrs_int_class", "getattr(1, '__class__')\n"),
              HasSubstr("unsupported in scenarios: int.__class__ (not modelled by lockcheck)"));
  EXPECT_THAT(RunRefusal("attrs_module_set", "import threading\nsetattr(threading, 'x', 1)\n"),
              HasSubstr("unsupported in scenarios: setattr() on module 'threading'"));
  // A program's own getattr is not the builtin.
  EXPECT_THAT(RunOutput("attrs_own", "def getattr(a, b):\n    return b\n"
                                     "print(getattr(1, '__globals__'))\n"),
              ElementsAre("__globals__"));
}

// getattr on a shared instance is a read of it, setattr a write, as `obj.x` and `obj.x = v`:
// the lost update is found through them as through the `.` form, with the same states.
TEST(AttrsTest, SharedInstancesAreVisibleAsTheDotForm) {
  auto run = [](const std::string& name, const std::string& read, const std::string& write) {
    ScenarioResult r = Check(name, absl::StrCat(R"(
import threading
class Counter:
    def __init__(self):
        self.n = 0
c = Counter()
def work():
    v = )", read, R"(
    )", write, R"(
t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work)
t1.start()
t2.start()
t1.join()
t2.join()
assert c.n == 2, c.n
)"));
    EXPECT_EQ(r.bugs.size(), 1u) << name;
    if (!r.bugs.empty()) {
      EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion) << name;
    }
    return r.stats.states;
  };
  const uint64_t dot = run("attrs_dot", "c.n", "c.n = v + 1");
  const uint64_t dynamic = run("attrs_dyn", "getattr(c, 'n')", "setattr(c, 'n', v + 1)");
  EXPECT_EQ(dot, dynamic);
}

}  // namespace
}  // namespace lockcheck

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Check;
using testing::RunOutput;

TEST(LocalTest, EachThreadSeesItsOwnAttributes) {
  EXPECT_THAT(RunOutput("local_own", R"(
import threading
data = threading.local()
data.x = "main"
seen = []
def work():
    seen.append(hasattr(data, "x"))
    data.x = "worker"
    setattr(data, "y", [1])
    data.y.append(2)
    seen.append(getattr(data, "x") + str(data.y))
    del data.y
    seen.append(hasattr(data, "y"))
t = threading.Thread(target=work)
t.start()
t.join()
print(seen, data.x, hasattr(data, "y"), type(data) is threading.local)
try:
    data.nope
except AttributeError as e:
    print(e)
try:
    threading.local(1)
except TypeError as e:
    print(e)
print(repr(data).startswith("<_thread._local object at "))
)"),
              ElementsAre("[False, 'worker[1, 2]', False] main False True",
                          "'_thread._local' object has no attribute 'nope'",
                          "Initialization arguments are not supported", "True"));
  ScenarioResult r;
  RunOutput("local_del_missing", "import threading\nl = threading.local()\ndel l.x\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "AttributeError: '_thread._local' object has no attribute 'x' (in MainThread)");
  RunOutput("local_subclass", "import threading\nclass L(threading.local):\n    pass\n", &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr("unsupported in scenarios: subclassing '<class '_thread._local'>'"));
}

// A local's attributes are thread-local by construction: their reads and writes, and the
// operations on what they hold, are no scheduling points. Two workers keeping their counters
// and lists on a shared local explore exactly as many states as the same workers keeping them
// in their frames; on a plain shared object the same code interleaves (and loses updates).
TEST(LocalTest, AttributesOfALocalAreNoSharedAccess) {
  auto run = [](const std::string& name, const std::string& setup, const std::string& body) {
    return Check(name, absl::StrCat(R"(
import threading
class Plain:
    pass
)", setup, R"(
lock = threading.Lock()
total = []
def work(k):
)", body, R"(
    with lock:
        total.append(k)
t1 = threading.Thread(target=work, args=(1,))
t2 = threading.Thread(target=work, args=(2,))
t1.start()
t2.start()
t1.join()
t2.join()
assert sorted(total) == [1, 2]
)"));
  };
  const std::string on_local = R"(
    s.n = 0
    s.items = []
    for i in range(3):
        s.n = s.n + k
        s.items.append(s.n)
    assert s.n == 3 * k and s.items[-1] == s.n, (s.n, k)
)";
  const std::string on_frame = R"(
    n = 0
    items = []
    for i in range(3):
        n = n + k
        items.append(n)
    assert n == 3 * k and items[-1] == n, (n, k)
)";
  ScenarioResult local = run("local_states", "s = threading.local()", on_local);
  ScenarioResult frame = run("local_frame_states", "s = None", on_frame);
  ScenarioResult plain = run("local_plain_states", "s = Plain()", on_local);
  EXPECT_TRUE(local.bugs.empty());
  EXPECT_TRUE(frame.bugs.empty());
  EXPECT_EQ(local.stats.states, frame.stats.states);
  ASSERT_FALSE(plain.bugs.empty());
  EXPECT_EQ(plain.bugs[0].kind, BugKind::kAssertion);
  EXPECT_GT(plain.stats.states, local.stats.states);
}

}  // namespace
}  // namespace lockcheck

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Check;
using testing::RunOutput;

constexpr const char* kFailingWorker = R"(
import threading
import _thread
def work():
    raise ValueError("boom")
def start(name):
    t = threading.Thread(target=work, name=name)
    t.start()
    t.join()
)";

TEST(ExceptHookTest, TheDefaultHookReportsTheException) {
  ScenarioResult r = Check("hook_default", absl::StrCat(kFailingWorker, R"(
assert threading.excepthook is threading.__excepthook__
start("w")
)"));
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
  EXPECT_EQ(r.bugs[0].message, "ValueError: boom (in w)");
}

TEST(ExceptHookTest, TheProgramsHookRunsInTheThreadAndHandlesTheException) {
  const std::string hook = R"(
errors = []
def hook(args):
    errors.append((args.exc_type.__name__, str(args.exc_value), args.exc_traceback,
                   args.thread.name, args.thread is threading.current_thread(),
                   args.thread.is_alive()))
threading.excepthook = hook
)";
  EXPECT_THAT(RunOutput("hook_runs", absl::StrCat(kFailingWorker, hook, R"(
start("w")
def stop():
    raise SystemExit(3)
t = threading.Thread(target=stop, name="s")
t.start()
t.join()
print(errors)
print(threading.excepthook is hook, threading.__excepthook__ is hook, getattr(threading, "excepthook") is hook)
)")),
              ElementsAre("[('ValueError', 'boom', None, 'w', True, True), "
                          "('SystemExit', '3', None, 's', True, True)]",
                          "True False True"));
  ScenarioResult r = Check("hook_handles", absl::StrCat(kFailingWorker, hook, R"(
def fails():
    assert False, "in a thread"
t = threading.Thread(target=fails)
t.start()
start("w")
t.join()
assert len(errors) == 2, errors
)"));
  EXPECT_TRUE(r.bugs.empty()) << r.bugs[0].message;
}

TEST(ExceptHookTest, WhatTheHookDoesNotHandleIsReported) {
  // The hook raises: its exception is the finding (CPython: "Exception in
  // threading.excepthook:").
  ScenarioResult r = Check("hook_raises", absl::StrCat(kFailingWorker, R"(
def hook(args):
    raise RuntimeError("hook failed: " + str(args.exc_value))
threading.excepthook = hook
start("w")
)"));
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: hook failed: boom (in w)");
  // The hook hands it to the original hook: reported as without a hook.
  r = Check("hook_chains", absl::StrCat(kFailingWorker, R"(
seen = []
def hook(args):
    seen.append(args.thread.name)
    threading.__excepthook__(args)
threading.excepthook = hook
start("w")
)"));
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "ValueError: boom (in w)");
  // The main thread's exception and a _thread thread's do not go to threading.excepthook.
  r = Check("hook_main", absl::StrCat(kFailingWorker, R"(
threading.excepthook = lambda args: None
raise RuntimeError("main")
)"));
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: main (in MainThread)");
  r = Check("hook_dummy", absl::StrCat(kFailingWorker, R"(
threading.excepthook = lambda args: None
lock = threading.Lock()
lock.acquire()
def dummy():
    try:
        raise ValueError("dummy")
    finally:
        lock.release()
_thread.start_new_thread(dummy, ())
lock.acquire()
)"));
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "ValueError: dummy (in Dummy-1)");
}

TEST(ExceptHookTest, HookErrorsAndRefusals) {
  ScenarioResult r;
  RunOutput("hook_while_running", absl::StrCat(kFailingWorker, R"(
ev = threading.Event()
t = threading.Thread(target=ev.wait)
t.start()
threading.excepthook = print
ev.set()
)"), &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr("unsupported in scenarios: assigning threading.excepthook while other "
                        "threads run"));
  RunOutput("hook_builtin", absl::StrCat(kFailingWorker, "threading.excepthook = print\nstart('w')\n"), &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr("unsupported in scenarios: a threading.excepthook that is a "
                        "'builtin_function_or_method'"));
  RunOutput("hook_other_attr", "import threading\nthreading.x = 1\n", &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              HasSubstr("unsupported in scenarios: assigning the attribute 'x' of module "
                        "'threading'"));
  EXPECT_THAT(RunOutput("hook_default_errors", R"(
import threading
for call in (lambda: threading.excepthook(), lambda: threading.excepthook(1)):
    try:
        call()
    except TypeError as e:
        print(e)
)"),
              ElementsAre("_thread._excepthook() takes exactly one argument (0 given)",
                          "_thread.excepthook argument type must be ExceptHookArgs"));
}

}  // namespace
}  // namespace lockcheck

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using testing::Check;
using testing::RunOutput;

// A worker interrupts the main thread blocked in lock.acquire(): interrupt_main sends no real
// signal, so main stays blocked until the worker releases, acquires, and only then raises
// KeyboardInterrupt, holding the lock.
TEST(InterruptMainTest, ABlockedMainThreadAcquiresFirstThenRaises) {
  EXPECT_THAT(RunOutput("interrupt_blocked", R"(
import threading
import _thread
lock = threading.Lock()
lock.acquire()
def worker():
    _thread.interrupt_main()
    lock.release()
t = threading.Thread(target=worker)
t.start()
try:
    lock.acquire()
    print("not interrupted")
except KeyboardInterrupt as e:
    print("interrupted holding the lock:", lock.locked(), repr(e))
t.join()
print(_thread.interrupt_main(15), _thread.interrupt_main(1))
)"),
              ElementsAre("interrupted holding the lock: True KeyboardInterrupt()", "None None"));
}

// CPython checks for the interrupt on a backward jump: a loop without calls is interrupted.
TEST(InterruptMainTest, ALoopIsInterruptedAtItsBackwardJump) {
  EXPECT_THAT(RunOutput("interrupt_loop", R"(
import threading
import _thread
t = threading.Thread(target=_thread.interrupt_main)
t.start()
n = 0
try:
    while True:
        n = 1
except KeyboardInterrupt:
    print("loop interrupted", n)
t.join()
)"),
              ElementsAre("loop interrupted 1"));
}

TEST(InterruptMainTest, CPythonsArgumentErrorsAndTheUncaughtInterrupt) {
  EXPECT_THAT(RunOutput("interrupt_errors", R"(
import _thread
for call in (lambda: _thread.interrupt_main(0), lambda: _thread.interrupt_main(65),
             lambda: _thread.interrupt_main("x"), lambda: _thread.interrupt_main(1, 2),
             lambda: _thread.interrupt_main(signum=2)):
    try:
        call()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
)"),
              ElementsAre("ValueError signal number out of range",
                          "ValueError signal number out of range",
                          "TypeError 'str' object cannot be interpreted as an integer",
                          "TypeError signum() takes at most 1 argument (2 given)",
                          "TypeError interrupt_main() takes no keyword arguments"));
  // Uncaught, the KeyboardInterrupt is the main thread's exception finding, in every
  // interleaving (the flag waits for main's next instruction).
  ScenarioResult r = Check("interrupt_uncaught", R"(
import threading
import _thread
t = threading.Thread(target=_thread.interrupt_main)
t.start()
t.join()
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
  EXPECT_EQ(r.bugs[0].message, "KeyboardInterrupt in MainThread");
}

}  // namespace
}  // namespace lockcheck
