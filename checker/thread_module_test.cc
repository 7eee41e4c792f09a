// The rest of _thread: stack_size() (a setting of the process, part of the state), LockType
// and TIMEOUT_MAX, with CPython 3.13's values and errors on Linux x86-64; threading's
// enumerate() and active_count().
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using testing::RunOutput;

// Prints what f() returns, or the exception's type and message.
constexpr char kShow[] = R"(def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
)";

TEST(ThreadModuleTest, StackSizeIsCPythons) {
  EXPECT_THAT(RunOutput("stack_size", std::string("import _thread\nimport threading\n") + kShow + R"(show(lambda: _thread.stack_size())
show(lambda: _thread.stack_size(100))
show(lambda: _thread.stack_size(65536))
show(lambda: threading.stack_size())
show(lambda: _thread.stack_size(0))
show(lambda: _thread.stack_size(-1))
show(lambda: _thread.stack_size("a"))
show(lambda: _thread.stack_size(1, 2))
show(lambda: _thread.stack_size(size=1))
show(lambda: _thread.stack_size(32767))
show(lambda: _thread.stack_size(32768))
show(lambda: _thread.stack_size(1.5))
print(_thread.TIMEOUT_MAX, _thread.LockType, threading.TIMEOUT_MAX == _thread.TIMEOUT_MAX)
print(isinstance(_thread.allocate_lock(), _thread.LockType))
)"),
              ElementsAre("0", "ValueError size not valid: 100 bytes", "0", "65536", "0",
                          "ValueError size must be 0 or a positive value",
                          "TypeError 'str' object cannot be interpreted as an integer",
                          "TypeError stack_size() takes at most 1 argument (2 given)",
                          "TypeError stack_size() takes no keyword arguments",
                          "ValueError size not valid: 32767 bytes", "0",
                          "TypeError 'float' object cannot be interpreted as an integer",
                          "9223372036.0 <class '_thread.lock'> True", "True"));
}

// threading.enumerate() and active_count(): the live threads, the main thread first, in start
// order; CPython 3.13's argument errors (python3: the same texts).
TEST(ThreadModuleTest, EnumerateAndActiveCountAreCPythons) {
  EXPECT_THAT(RunOutput("enumerate", std::string("import threading\n") + kShow + R"(go = threading.Event()
def work():
    go.wait()
a = threading.Thread(target=work, name="a")
b = threading.Thread(target=work, name="b")
print([t.name for t in threading.enumerate()], threading.active_count())
a.start()
b.start()
print([t.name for t in threading.enumerate()], threading.active_count())
print(threading.enumerate()[0] is threading.main_thread(), threading.enumerate()[1] is a)
go.set()
a.join()
b.join()
print(threading.enumerate() == [threading.main_thread()], threading.active_count())
show(lambda: threading.enumerate(1))
show(lambda: threading.enumerate(1, 2))
show(lambda: threading.enumerate(x=1))
show(lambda: threading.active_count(1))
)"),
              ElementsAre("['MainThread'] 1", "['MainThread', 'a', 'b'] 3", "True True",
                          "True 1",
                          "TypeError enumerate() takes 0 positional arguments but 1 was given",
                          "TypeError enumerate() takes 0 positional arguments but 2 were given",
                          "TypeError enumerate() got an unexpected keyword argument 'x'",
                          "TypeError active_count() takes 0 positional arguments but 1 was given"));
}

// The setting is state another thread sees: both orders of a set and a read are explored.
TEST(ThreadModuleTest, StackSizeIsSharedState) {
  ScenarioResult r = testing::Check("stack_size_race", R"(import threading
def setter():
    threading.stack_size(65536)
t = threading.Thread(target=setter)
t.start()
old = threading.stack_size(0)
t.join()
assert old == 0, old
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  EXPECT_EQ(r.bugs[0].message, "AssertionError: 65536 (in MainThread)");
}

}  // namespace
}  // namespace lockcheck
