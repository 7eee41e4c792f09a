// Ending a program or a thread: sys.exit and SystemExit, KeyboardInterrupt, as CPython 3.13
// does. SystemExit out of the main thread ends module code, and the interpreter's shutdown still
// joins the non-daemon threads; out of another thread it ends that thread silently
// (threading's excepthook ignores it). Neither is an "uncaught exception" finding.
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RunOutput;

ScenarioResult Check(const std::string& name, const std::string& text) {
  return testing::Check(name, text);
}

TEST(ExitsTest, SystemExitInTheMainThreadStillJoinsNonDaemonThreads) {
  // The worker runs after main has exited: its failed assertion is found, so it ran.
  ScenarioResult r = Check("exit_main_joins", R"(import sys
import threading
go = threading.Event()
def worker():
    go.wait()
    assert False, "the worker ran after main exited"
threading.Thread(target=worker).start()
go.set()
sys.exit(3)
print("never")
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("the worker ran after main exited"));
  // With nothing else running, an uncaught SystemExit is no finding at all.
  r = Check("exit_main_alone", "import sys\nsys.exit('bye')\nassert False\n");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
  r = Check("raise_exit", "raise SystemExit\n");
  EXPECT_TRUE(r.bugs.empty());
}

TEST(ExitsTest, SystemExitInAThreadEndsItSilently) {
  ScenarioResult r = Check("exit_thread", R"(import sys
import threading
done = []
def worker():
    sys.exit(1)
    done.append(1)
t = threading.Thread(target=worker)
t.start()
t.join()
assert done == [], done
assert not t.is_alive()
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(ExitsTest, KeyboardInterruptFollowsTheHierarchy) {
  EXPECT_THAT(RunOutput("keyboard_interrupt", R"(import sys
try:
    try:
        raise KeyboardInterrupt
    except Exception:
        print("not an Exception")
except KeyboardInterrupt as e:
    print("caught", type(e).__name__, repr(e), issubclass(KeyboardInterrupt, BaseException))
try:
    raise KeyboardInterrupt("x")
except BaseException as e:
    print("base", e)
try:
    sys.exit(4)
except SystemExit as e:
    print("code", e.code, e.args)
try:
    sys.exit()
except SystemExit as e:
    print("code", e.code, e.args)
try:
    sys.exit("msg")
except BaseException as e:
    print("code", e.code, type(e).__name__)
try:
    sys.exit(1, 2)
except TypeError as e:
    print(e)
)"),
              ElementsAre("caught KeyboardInterrupt KeyboardInterrupt() True", "base x",
                          "code 4 (4,)", "code None ()", "code msg SystemExit",
                          "exit expected at most 1 argument, got 2"));
  // Uncaught in a thread, it is a finding as any exception is (threading prints it).
  ScenarioResult r = Check("keyboard_thread", R"(import threading
def worker():
    raise KeyboardInterrupt
t = threading.Thread(target=worker)
t.start()
t.join()
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("KeyboardInterrupt"));
}

TEST(ExitsTest, OtherSysAttributesAreRefused) {
  ScenarioResult r = Check("sys_argv", "import sys\nprint(sys.argv)\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message,
            "unsupported in scenarios: sys.argv (lockcheck models sys.exit only)");
  EXPECT_EQ(r.errors[0].line, 2);
  r = Check("sys_from", "from sys import exit, modules\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message,
            "unsupported in scenarios: sys.modules (lockcheck models sys.exit only)");
}

}  // namespace
}  // namespace lockcheck
