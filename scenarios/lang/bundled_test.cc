// The bundled modules (concurrent.futures): loaded through LoadModules from lockcheck's own
// sources, shown as <lockcheck>/..., and run by the VM with CPython 3.13's behaviour.
#include "scenarios/lang/bundled.h"

#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scenarios/lang/modules.h"
#include "scenarios/lang/parser.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ModuleGraph Load(const std::string& text) {
  auto src = std::make_shared<SourceFile>(testing::WriteScenario("bundled_load", text), text);
  ParseResult parsed = Parse(*src);
  return LoadModules(src, std::move(parsed.module), {});
}

TEST(BundledTest, TheSourcesAreEmbedded) {
  bool is_package = false;
  const BundledSource* base = FindBundledModule("concurrent.futures._base", &is_package);
  ASSERT_NE(base, nullptr);
  EXPECT_FALSE(is_package);
  EXPECT_THAT(std::string(base->text), HasSubstr("class Future(object):"));
  ASSERT_NE(FindBundledModule("concurrent.futures", &is_package), nullptr);
  EXPECT_TRUE(is_package);
  EXPECT_EQ(FindBundledModule("concurrent.futures.process", &is_package), nullptr);
  EXPECT_TRUE(IsBundledTopLevelName("concurrent"));
  EXPECT_FALSE(IsBundledTopLevelName("threading"));
}

TEST(BundledTest, ImportLoadsThePackageAndItsSubmodulesAsModules) {
  ModuleGraph g = Load("from concurrent.futures import ThreadPoolExecutor\n");
  ASSERT_TRUE(g.errors.empty()) << g.errors[0].message;
  std::vector<std::string> names, paths;
  for (size_t i = 1; i < g.units.size(); ++i) {
    EXPECT_TRUE(g.units[i].bundled);
    names.push_back(g.units[i].name);
    paths.push_back(g.units[i].source->path());
  }
  EXPECT_THAT(names, ElementsAre("concurrent", "concurrent.futures", "concurrent.futures._base",
                                 "concurrent.futures.thread"));
  EXPECT_THAT(paths, ElementsAre("<lockcheck>/concurrent/__init__.py",
                                 "<lockcheck>/concurrent/futures/__init__.py",
                                 "<lockcheck>/concurrent/futures/_base.py",
                                 "<lockcheck>/concurrent/futures/thread.py"));
}

TEST(BundledTest, AProgramWithoutTheImportLoadsNothing) {
  ModuleGraph g = Load("import threading\nimport queue\n");
  ASSERT_TRUE(g.errors.empty());
  EXPECT_EQ(g.units.size(), 1u);
}

TEST(BundledTest, AnUnbundledSubmoduleIsRefusedAtTheImport) {
  ModuleGraph g = Load("import threading\nimport concurrent.futures.process\n");
  ASSERT_EQ(g.errors.size(), 1u);
  EXPECT_THAT(g.errors[0].message, HasSubstr("module 'concurrent.futures.process'"));
  EXPECT_EQ(g.errors[0].line, 2);
}

TEST(BundledTest, ProcessPoolExecutorIsRefused) {
  ScenarioResult r = testing::Check("bundled_process_pool",
                                    "from concurrent.futures import ProcessPoolExecutor\n");
  ASSERT_FALSE(r.errors.empty());
  EXPECT_THAT(r.errors[0].message,
              HasSubstr("unsupported in scenarios: concurrent.futures.ProcessPoolExecutor"));
  EXPECT_TRUE(r.bugs.empty());
}

TEST(BundledTest, SubmitMapAndResultsInOrder) {
  std::vector<std::string> out = testing::RunOutput("bundled_map", R"(import threading
import concurrent.futures
def square(x):
    return x * x
with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="sq") as pool:
    f = pool.submit(square, 3)
    print(f.result(), f.done(), f.running(), f.cancelled())
    print(list(pool.map(square, [1, 2, 3])))
    names = pool.submit(lambda: threading.current_thread().name).result()
    print(names.startswith("sq_"))
print(repr(f))
)");
  EXPECT_THAT(out, ElementsAre("9 True False False", "[1, 4, 9]", "True",
                               "<Future state=finished returned int>"));
}

TEST(BundledTest, DefaultWorkerNamesAndMaxWorkers) {
  std::vector<std::string> out = testing::RunOutput("bundled_names", R"(import threading
from concurrent.futures import ThreadPoolExecutor
a = ThreadPoolExecutor()
b = ThreadPoolExecutor()
print(a._max_workers, a._thread_name_prefix, b._thread_name_prefix)
print(a.submit(lambda: threading.current_thread().name).result())
a.shutdown()
b.shutdown()
)");
  EXPECT_THAT(out, ElementsAre("5 ThreadPoolExecutor-0 ThreadPoolExecutor-1",
                               "ThreadPoolExecutor-0_0"));
}

TEST(BundledTest, SubmitAfterShutdownRaisesCPythonsRuntimeError) {
  std::vector<std::string> out = testing::RunOutput("bundled_after_shutdown", R"(
from concurrent.futures import ThreadPoolExecutor
pool = ThreadPoolExecutor(max_workers=1)
pool.shutdown()
try:
    pool.submit(print, 1)
except RuntimeError as e:
    print(e)
try:
    ThreadPoolExecutor(max_workers=0)
except ValueError as e:
    print(e)
)");
  EXPECT_THAT(out, ElementsAre("cannot schedule new futures after shutdown",
                               "max_workers must be greater than 0"));
}

TEST(BundledTest, FutureProtocolWithoutAnExecutor) {
  std::vector<std::string> out = testing::RunOutput("bundled_future", R"(
from concurrent.futures import Future, CancelledError, InvalidStateError, wait, ALL_COMPLETED
seen = []
f = Future()
f.add_done_callback(lambda fut: seen.append(fut.result()))
f.set_result(7)
f.add_done_callback(lambda fut: seen.append(-fut.result()))
f.add_done_callback(lambda fut: 1 / 0)
print(seen, f.done(), f.cancel())
try:
    f.set_result(8)
except InvalidStateError as e:
    print(type(e).__name__, e)
g = Future()
print(g.cancel(), g.cancelled(), g.set_running_or_notify_cancel())
try:
    g.result()
except CancelledError:
    print("CancelledError")
h = Future()
h.set_exception(KeyError("k"))
print(repr(h.exception()))
done, not_done = wait([f, g, h], return_when=ALL_COMPLETED)
print(len(done), len(not_done))
)");
  EXPECT_THAT(out, ElementsAre("[7, -7] True False",
                               "InvalidStateError FINISHED: <Future state=finished returned int>",
                               "True True False", "CancelledError", "KeyError('k')", "3 0"));
}

// wait()'s result has CPython's namedtuple fields as well as unpacking (a false AttributeError
// on `.done` was a finding in correct code before).
TEST(BundledTest, WaitResultHasTheNamedTuplesFields) {
  std::vector<std::string> out = testing::RunOutput("bundled_wait_fields", R"(from concurrent.futures import Future, wait
f = Future()
f.set_result(1)
r = wait([f])
done, not_done = r
print(len(r.done), len(r.not_done), r[0] is r.done, len(r), done == r.done)
print(r == (done, not_done), repr(wait([])))
)");
  EXPECT_THAT(out, ElementsAre("1 0 True 2 True",
                               "True DoneAndNotDoneFutures(done=set(), not_done=set())"));
}

TEST(BundledTest, ATimedResultMayTimeOut) {
  ScenarioResult r = testing::Check("bundled_timeout", R"(import threading
from concurrent.futures import ThreadPoolExecutor, TimeoutError
go = threading.Event()
with ThreadPoolExecutor(max_workers=1) as pool:
    f = pool.submit(go.wait)
    try:
        f.result(timeout=0.5)
    except TimeoutError:
        go.set()
        raise
    go.set()
)");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("TimeoutError"));
}

TEST(BundledTest, ADeadlockInATaskShowsTheBundledFrames) {
  ScenarioResult r = testing::Check("bundled_deadlock", R"(
from concurrent.futures import ThreadPoolExecutor
pool = ThreadPoolExecutor(max_workers=1)
def inner():
    return 1
def outer():
    return pool.submit(inner).result()
print(pool.submit(outer).result())
)");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_FALSE(r.bugs.empty());
  EXPECT_EQ(r.bugs[0].kind, BugKind::kDeadlock);
}

TEST(BundledTest, AsCompletedWithATimeoutMayRaiseTimeoutError) {
  ScenarioResult r = testing::Check("bundled_as_completed_timeout", R"(import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
go = threading.Event()
with ThreadPoolExecutor(max_workers=1) as pool:
    f = pool.submit(go.wait)
    try:
        for done in as_completed([f], timeout=1.0):
            assert done is f
    finally:
        go.set()
)");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("TimeoutError: 1 (of 1) futures unfinished"));
}

TEST(BundledTest, WaitFirstExceptionReturnsAtTheFailure) {
  std::vector<std::string> out = testing::RunOutput("bundled_first_exception", R"(import threading
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_EXCEPTION, ALL_COMPLETED
go = threading.Event()
def fail():
    raise KeyError("k")
with ThreadPoolExecutor(max_workers=2) as pool:
    slow = pool.submit(go.wait)
    bad = pool.submit(fail)
    done, not_done = wait([slow, bad], return_when=FIRST_EXCEPTION)
    print(bad in done, slow in not_done, type(bad.exception()).__name__)
    go.set()
    done, not_done = wait([slow, bad], return_when=ALL_COMPLETED)
    print(len(done), len(not_done))
)");
  EXPECT_THAT(out, ElementsAre("True True KeyError", "2 0"));
}

TEST(BundledTest, ShutdownCancelFuturesCancelsTheQueuedTasks) {
  std::vector<std::string> out = testing::RunOutput("bundled_cancel_futures", R"(import threading
from concurrent.futures import ThreadPoolExecutor
started = threading.Event()
go = threading.Event()
def block():
    started.set()
    go.wait()
    return "first"
pool = ThreadPoolExecutor(max_workers=1)
first = pool.submit(block)
started.wait()
queued = [pool.submit(print, i) for i in range(2)]
pool.shutdown(wait=False, cancel_futures=True)
go.set()
pool.shutdown()
print(first.result(), [f.cancelled() for f in queued])
)");
  EXPECT_THAT(out, ElementsAre("first [True, True]"));
}

TEST(BundledTest, AnExceptionInMainStillJoinsTheWorkers) {
  ScenarioResult r = testing::Check("bundled_exit_on_exception", R"(
from concurrent.futures import ThreadPoolExecutor
pool = ThreadPoolExecutor(max_workers=1)
pool.submit(print, "task")
raise ValueError("main fails")
)");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
}

TEST(BundledTest, TimerIsLoadedOnlyWhenNamed) {
  ModuleGraph without = Load("import threading\nt = threading.Thread(target=print)\n");
  ASSERT_TRUE(without.errors.empty());
  EXPECT_EQ(without.units.size(), 1u);
  EXPECT_TRUE(without.bundled_members.empty());
  ModuleGraph with = Load("import threading\nt = threading.Timer(1, print)\n");
  ASSERT_TRUE(with.errors.empty()) << with.errors[0].message;
  ASSERT_EQ(with.units.size(), 2u);
  EXPECT_EQ(with.units[1].name, "threading");
  EXPECT_EQ(with.units[1].source->path(), "<lockcheck>/threading.py");
  EXPECT_EQ(with.bundled_members.at("threading"), 1);
}

TEST(BundledTest, TimerRunsItsFunctionUnlessCancelled) {
  std::vector<std::string> out = testing::RunOutput("bundled_timer", R"(import threading
from threading import Timer
hits = []
a = Timer(0.5, hits.append, args=["a"])
b = threading.Timer(0.5, hits.append, kwargs={"object": "b"})
print(a.name, isinstance(b, threading.Thread), a.interval, b.args, a.kwargs)
b.cancel()
a.start()
b.start()
a.join()
b.join()
print(hits, a.finished.is_set(), b.finished.is_set())
)");
  EXPECT_THAT(out, ElementsAre("Thread-1 True 0.5 [] {}", "['a'] True True"));
}

TEST(BundledTest, ATimerCancelledLateHasRunItsFunction) {
  ScenarioResult r = testing::Check("bundled_timer_late", R"(import threading
hits = []
t = threading.Timer(0.5, hits.append, ["ran"])
t.start()
t.cancel()
t.join()
assert hits == []
)");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
}

}  // namespace
}  // namespace lockcheck
