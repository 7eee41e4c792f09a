// Closures, lambda, nonlocal and decorators, end to end: each test runs a small scenario and
// pins what CPython prints or raises (the texts were taken from python3), or what the search
// finds.
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using testing::RunOutput;

uint64_t States(const std::string& name, const std::string& text, const char* reduction) {
  CheckRequest request;
  request.path = testing::WriteScenario(name, text);
  request.settings = {{"reduction", reduction}};
  ScenarioResult r = CheckScenario(request);
  EXPECT_TRUE(r.rendered_errors.empty()) << name;
  EXPECT_TRUE(r.bugs.empty()) << name;
  return r.stats.states;
}

TEST(ClosuresTest, TheClosuresOfOneScopeShareItsCells) {
  EXPECT_THAT(RunOutput("clo_shared_cells", R"(
def make():
    n = 0
    def inc(by=1):
        nonlocal n
        n += by
        return n
    def get():
        return n
    return inc, get
inc, get = make()
inc()
inc(5)
other_inc, other_get = make()
other_inc()
print(get(), other_get())
)"),
              ElementsAre("6 1"));
}

TEST(ClosuresTest, LambdasNestedScopesAndParameterCells) {
  EXPECT_THAT(RunOutput("clo_lambda", R"(
adders = [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders], (lambda: "hi")())
def outer(n):
    def mid():
        def inner():
            return n * 2
        return inner
    return mid()
g = outer(4)
print(g(), g)
)"),
              ElementsAre("[10, 11, 12] hi",
                          ::testing::StartsWith("8 <function outer.<locals>.mid.<locals>.inner at 0x")));
}

TEST(ClosuresTest, DecoratorsApplyBottomUp) {
  EXPECT_THAT(RunOutput("clo_decorators", R"(
log = []
def tag(name):
    def deco(fn):
        def wrapper(x):
            log.append(name)
            return fn(x)
        return wrapper
    return deco
@tag("outer")
@tag("inner")
def double(x):
    return 2 * x
print(double(4), log, double.__name__, double.__qualname__)
)"),
              ElementsAre("8 ['outer', 'inner'] wrapper tag.<locals>.deco.<locals>.wrapper"));
}

TEST(ClosuresTest, UnboundVariablesRaiseAsCPythonDoes) {
  ScenarioResult r;
  RunOutput("clo_unbound_free",
            "def f():\n    def g():\n        return y\n    r = g()\n    y = 1\n    return r\nf()\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "NameError: cannot access free variable 'y' where it is not associated with a value "
            "in enclosing scope (in MainThread)");
  RunOutput("clo_wrong_args", "def f():\n    def g():\n        pass\n    g(1)\nf()\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "TypeError: f.<locals>.g() takes 0 positional arguments but 1 was given (in MainThread)");
}

TEST(ClosuresTest, AClosureOnlyOneThreadRunsCostsNoInterleavings) {
  // The worker builds a counter closure in its locals and bumps it: its cell is reachable by
  // that thread only, so none of it is a scheduling point.
  const char* kTemplate = R"(import threading
lock = threading.Lock()
total = 0
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
def worker(k):
    global total
    s = k
    %s
    with lock:
        total += s
ts = [threading.Thread(target=worker, args=(1,)), threading.Thread(target=worker, args=(2,))]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert total == 3
)";
  std::string plain = kTemplate, local = kTemplate;
  plain.replace(plain.find("%s"), 2, "pass");
  local.replace(local.find("%s"), 2, "c = counter()\n    c()\n    s = s + c() - 2");
  EXPECT_EQ(States("clo_plain", plain, "off"), States("clo_local", local, "off"));
}

TEST(ClosuresTest, ACellSharedByTwoThreadsIsRacedOn) {
  const std::string text = R"(import threading
def run():
    count = 0
    def work():
        nonlocal count
        count += 1
    ts = [threading.Thread(target=work), threading.Thread(target=work)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert count == 2
run()
)";
  for (const char* reduction : {"on", "off"}) {
    CheckRequest request;
    request.path = testing::WriteScenario("clo_race", text);
    request.settings = {{"reduction", reduction}};
    ScenarioResult r = CheckScenario(request);
    ASSERT_EQ(r.bugs.size(), 1u) << reduction;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  }
}

}  // namespace
}  // namespace lockcheck
