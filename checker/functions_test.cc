// Function calls as CPython makes them: *args, **kwargs, keyword-only parameters, f(*xs, **kw),
// functools.partial and functools.wraps, end to end. Each test runs a small scenario and pins
// what CPython 3.13 prints or raises (the texts were taken from python3.13).
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using testing::RunOutput;

// The message of the one exception the program ends with.
std::string Raised(const std::string& name, const std::string& text) {
  ScenarioResult r;
  RunOutput(name, text, &r);
  if (r.bugs.size() != 1) return "(no single bug)";
  return r.bugs[0].message;
}

TEST(FunctionsTest, VarargsKwargsAndKeywordOnlyParametersBind) {
  EXPECT_THAT(RunOutput("fn_bind", R"(
def h(a, *args, k=0, **kw):
    return (a, args, k, kw)
def f(a, b=1, *, c, d=2):
    return (a, b, c, d)
print(h(1, 2, 3, k=4, z=5))
print(h(1), f(1, c=3), f(1, 2, d=5, c=4))
print(h(*[1, 2], *(3,), k=1, **{'q': 2}))
args = (1, 2)
print(f(*args, c=9), max(*[3, 4, 1]), (lambda *a, **k: (a, k))(1, x=2))
)"),
              ElementsAre("(1, (2, 3), 4, {'z': 5})", "(1, (), 0, {}) (1, 1, 3, 2) (1, 2, 4, 5)",
                          "(1, (2, 3), 1, {'q': 2})", "(1, 2, 9, 2) 4 ((1,), {'x': 2})"));
}

TEST(FunctionsTest, WrongCallsRaiseCPythonsTypeErrors) {
  const std::string defs = "def f(a, b=1, *, c, d=2):\n    pass\ndef g(a):\n    pass\n";
  auto call = [&](const std::string& name, const std::string& c) {
    return Raised(name, defs + c + "\n");
  };
  EXPECT_EQ(call("fn_e1", "f()"),
            "TypeError: f() missing 1 required positional argument: 'a' (in MainThread)");
  EXPECT_EQ(call("fn_e2", "f(1)"),
            "TypeError: f() missing 1 required keyword-only argument: 'c' (in MainThread)");
  EXPECT_EQ(call("fn_e3", "f(1, 2, 3)"),
            "TypeError: f() takes from 1 to 2 positional arguments but 3 were given "
            "(in MainThread)");
  EXPECT_EQ(call("fn_e4", "f(1, 2, 3, c=1)"),
            "TypeError: f() takes from 1 to 2 positional arguments but 3 positional arguments "
            "(and 1 keyword-only argument) were given (in MainThread)");
  EXPECT_EQ(call("fn_e5", "g(1, 2)"),
            "TypeError: g() takes 1 positional argument but 2 were given (in MainThread)");
  EXPECT_EQ(call("fn_e6", "g(1, 2, x=1)"),  // keywords are bound before the count is checked
            "TypeError: g() got an unexpected keyword argument 'x' (in MainThread)");
  EXPECT_EQ(call("fn_e7", "f(1, a=2, c=3)"),
            "TypeError: f() got multiple values for argument 'a' (in MainThread)");
  EXPECT_EQ(call("fn_e8", "g(*5)"),
            "TypeError: __main__.g() argument after * must be an iterable, not int "
            "(in MainThread)");
  EXPECT_EQ(call("fn_e9", "g(**5)"),
            "TypeError: __main__.g() argument after ** must be a mapping, not int "
            "(in MainThread)");
  EXPECT_EQ(call("fn_e10", "g(**{1: 2})"), "TypeError: keywords must be strings (in MainThread)");
  EXPECT_EQ(call("fn_e11", "g(a=1, **{'a': 2})"),
            "TypeError: __main__.g() got multiple values for keyword argument 'a' "
            "(in MainThread)");
  EXPECT_EQ(call("fn_e12", "print(*5)"),
            "TypeError: print() argument after * must be an iterable, not int (in MainThread)");
  EXPECT_EQ(call("fn_e13", "(*5,)"),
            "TypeError: Value after * must be an iterable, not int (in MainThread)");
  EXPECT_EQ(call("fn_e14", "{**5}"), "TypeError: 'int' object is not a mapping (in MainThread)");
}

TEST(FunctionsTest, StarredDisplays) {
  EXPECT_THAT(RunOutput("fn_displays", R"(
a = [1, 2]
print([0, *a, *range(2)], (*a, 3), {'x': 1, **{'x': 2, 'y': 3}}, {**{1: 2}})
)"),
              ElementsAre("[0, 1, 2, 0, 1] (1, 2, 3) {'x': 2, 'y': 3} {1: 2}"));
}

TEST(FunctionsTest, PartialAndWraps) {
  EXPECT_THAT(RunOutput("fn_functools", R"(
import functools
def h(a, *args, k=0, **kw):
    return (a, args, k, kw)
p = functools.partial(h, 1, k=3)
q = functools.partial(p, 2, z=1)
print(p(2, z=1), q(k=4), functools.partial(max, 3)(5))
def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
@logged
def named(x):
    return x
print(named.__name__, named.__qualname__, named.__wrapped__(3), named(4))
try:
    named()
except TypeError as e:
    print(e)
)"),
              ElementsAre("(1, (2,), 3, {'z': 1}) (1, (2,), 4, {'z': 1}) 5", "named named 3 4",
                          "named() missing 1 required positional argument: 'x'"));
}

TEST(FunctionsTest, ThreadsGetTheirArgumentsUnpacked) {
  // A thread's target with *args and **kwargs; its default name shows the name functools.wraps
  // gave the wrapper; a partial target.
  EXPECT_THAT(RunOutput("fn_threads", R"(
import functools
import threading
def wraps_it(fn):
    @functools.wraps(fn)
    def w(*a, **k):
        return fn(*a, **k)
    return w
@wraps_it
def work(*items, sep="-"):
    print(sep.join(items))
t = threading.Thread(target=work, args=("a", "b"), kwargs={"sep": "+"})
t.start()
t.join()
u = threading.Thread(target=functools.partial(work, "c", sep="*"), args=("d",))
u.start()
u.join()
print(t.name, u.name)
)"),
              ElementsAre("a+b", "c*d", "Thread-1 (work) Thread-2"));
}

TEST(FunctionsTest, UnsupportedUsesAreRefused) {
  EXPECT_THAT(RunOutput("fn_refused_wraps", R"(
import functools
def f():
    pass
functools.wraps(f, assigned=())
)"),
              ElementsAre(::testing::HasSubstr(
                  "unsupported in scenarios: functools.wraps() with other than the wrapped "
                  "function")));
}

}  // namespace
}  // namespace lockcheck
