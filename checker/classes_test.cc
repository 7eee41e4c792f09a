// Classes in scenarios, end to end: each test runs a small scenario and pins what CPython
// prints or raises (the texts were taken from python3), or what the search finds.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using testing::Check;
using testing::RunOutput;

// The one bug a run hit, as its message.
std::string RunBug(const std::string& name, const std::string& text) {
  ScenarioResult r;
  RunOutput(name, text, &r);
  if (r.bugs.size() != 1) return absl::StrCat("(", r.bugs.size(), " bugs)");
  return r.bugs[0].message;
}

// Regression: `x = f() and f()` inside a `with` block, then an exception caught by a `try` in
// the same block, made the `with` exit run on a stale stack slot ("AttributeError: 'NoneType'
// object has no attribute" at the with statement), a false finding in correct code.
TEST(ClassesTest, WithExitAfterShortCircuitAndCaughtException) {
  ScenarioResult r;
  EXPECT_THAT(RunOutput("with_and_try", R"(class P:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, *a):
        print("exit", a[0])
        return False
def f():
    return False
def boom():
    raise KeyError("k")
with P() as p:
    x = f() and f()
    y = f() or 1 < 2 < 3
    try:
        boom()
    except KeyError:
        print("caught", x, y)
print("done")
)", &r),
              ElementsAre("enter", "caught False True", "exit None", "done"));
  EXPECT_TRUE(r.bugs.empty());
}

// Unpacking an object runs its __iter__ (CPython's UNPACK_SEQUENCE takes any iterable); one
// whose __iter__ is a generator is refused, never unpacked wrongly.
TEST(ClassesTest, UnpackingAnObjectRunsItsIter) {
  EXPECT_THAT(RunOutput("unpack_iter", R"(class Pair:
    def __init__(self, a, b):
        self.a = a
        self.b = b
    def __iter__(self):
        return iter((self.a, self.b))
x, y = Pair(1, "two")
print(x, y)
try:
    x, y, z = Pair(1, 2)
except ValueError as e:
    print(e)
)"),
              ElementsAre("1 two", "not enough values to unpack (expected 3, got 2)"));
  ScenarioResult r;
  RunOutput("unpack_gen_iter", R"(class Gen:
    def __iter__(self):
        yield 1
        yield 2
a, b = Gen()
)", &r);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message,
              ::testing::HasSubstr("unsupported in scenarios: unpacking an object whose __iter__ "
                                   "returns a 'generator'"));
}

TEST(ClassesTest, MethodsAttributesInheritanceAndSuper) {
  EXPECT_THAT(RunOutput("cls_basic", R"(
class Base:
    kind = "base"
    def __init__(self, n):
        self.n = n
    def describe(self):
        return f"{self.kind}:{self.n}"

class Child(Base):
    kind = "child"
    def __init__(self, n, extra=0):
        super().__init__(n)
        self.extra = extra
    def describe(self):
        return super(Child, self).describe() + "+" + str(self.extra)

c = Child(3, extra=4)
m = c.describe
print(c.describe(), m(), Child.kind, Base.kind, c.n)
Base.kind = "changed"
c.n += 1
print(Base.describe(c), Child.__name__, type(c).__name__)
)"),
              ElementsAre("child:3+4 child:3+4 child base 3", "child:4 Child Child"));
}

TEST(ClassesTest, MroIsC3AndAnInconsistentOneIsCPythonsTypeError) {
  EXPECT_THAT(RunOutput("cls_mro", R"(
class A:
    def who(self):
        return "A"
class B(A):
    pass
class C(A):
    def who(self):
        return "C"
class D(B, C):
    pass
print(D().who(), [k.__name__ for k in D.__mro__])
try:
    class E(A, B):
        pass
except TypeError as e:
    print(e)
)"),
              ElementsAre("C ['D', 'B', 'C', 'A', 'object']",
                          "Cannot create a consistent method resolution",
                          "order (MRO) for bases A, B"));
}

TEST(ClassesTest, IsinstanceIssubclassAndType) {
  EXPECT_THAT(RunOutput("cls_isinstance", R"(import threading
class A:
    pass
class B(A):
    pass
class W(threading.Thread):
    pass
b = B()
print(isinstance(b, A), isinstance(b, (int, B)), isinstance(3, A), isinstance(b, object))
print(issubclass(B, A), issubclass(A, B), issubclass(W, threading.Thread), isinstance(W(), threading.Thread))
print(type(b) is B, type(3) is int, type(A), isinstance(True, int))
print(repr(b).startswith("<__main__.B object at 0x"), A, repr(b.__class__))
)"),
              ElementsAre("True True False True", "True False True True",
                          "True True <class 'type'> True",
                          "True <class '__main__.A'> <class '__main__.B'>"));
}

TEST(ClassesTest, UserExceptionsAreRaisedCaughtAndReported) {
  EXPECT_THAT(RunOutput("cls_exceptions", R"(
class AppError(Exception):
    pass
class Coded(AppError):
    def __init__(self, code):
        super().__init__("failed", code)
        self.code = code
try:
    raise Coded(7)
except AppError as e:
    print(type(e).__name__, e.code, e.args, str(e), repr(e))
try:
    raise AppError
except Exception as e:
    print(repr(e), e.args, isinstance(e, AppError))
try:
    raise KeyError("k")
except AppError:
    print("wrong")
except LookupError as e:
    print("lookup", e.args)
)"),
              ElementsAre("Coded 7 ('failed', 7) ('failed', 7) Coded('failed', 7)",
                          "AppError() () True", "lookup ('k',)"));
  // Uncaught, it is an exception finding named by its class.
  EXPECT_EQ(RunBug("cls_uncaught", "class AppError(Exception):\n    pass\nraise AppError('boom')\n"),
            "AppError: boom (in MainThread)");
}

TEST(ClassesTest, AttributeErrorIsAFindingWordedAsCPython) {
  EXPECT_EQ(RunBug("cls_attr_error", "class C:\n    pass\nC().x\n"),
            "AttributeError: 'C' object has no attribute 'x' (in MainThread)");
  EXPECT_EQ(RunBug("cls_class_attr_error", "class C:\n    pass\nC.x\n"),
            "AttributeError: type object 'C' has no attribute 'x' (in MainThread)");
  EXPECT_EQ(RunBug("cls_init_args", "class C:\n    def __init__(self, a):\n        pass\nC()\n"),
            "TypeError: C.__init__() missing 1 required positional argument: 'a' (in MainThread)");
  EXPECT_EQ(RunBug("cls_no_init", "class C:\n    pass\nC(1)\n"),
            "TypeError: C() takes no arguments (in MainThread)");
}

TEST(ClassesTest, WithOnAUserObjectAndExitSuppressing) {
  EXPECT_THAT(RunOutput("cls_with", R"(
class Quiet:
    def __init__(self):
        self.log = []
    def __enter__(self):
        self.log.append("enter")
        return "value"
    def __exit__(self, t, v, tb):
        self.log.append(t.__name__ if t is not None else None)
        return t is ValueError
q = Quiet()
with q as x:
    print(x)
with q:
    raise ValueError("gone")
try:
    with q:
        raise KeyError("kept")
except KeyError as e:
    print("kept", e.args)
def f():
    with q:
        return 5
print(f(), q.log)
)"),
              ElementsAre("value", "kept ('kept',)",
                          "5 ['enter', None, 'enter', 'ValueError', 'enter', 'KeyError', 'enter', "
                          "None]"));
}

TEST(ClassesTest, ThreadSubclassRunsItsRunAndIsNamedAsCPythonNamesIt) {
  EXPECT_THAT(RunOutput("cls_thread", R"(import threading
def job():
    pass
class Plain(threading.Thread):
    def run(self):
        print("run in", threading.current_thread().name)
class Targeted(threading.Thread):
    def __init__(self):
        super().__init__(target=job, daemon=True)
class Skipped(threading.Thread):
    def __init__(self):
        pass
p = Plain()
t = Targeted()
print(p.name, t.name, t.daemon, repr(p))
p.start()
p.join()
try:
    Skipped().start()
except RuntimeError as e:
    print(e)
)"),
              ElementsAre("Thread-1 Thread-2 (job) True <Plain(Thread-1, initial)>",
                          "run in Thread-1", "thread.__init__() not called"));
}

TEST(ClassesTest, AnAttributeOfASharedObjectIsAScheduledRead) {
  // counter.value += 1 is a read and a write of a shared object's attribute: an update can
  // be lost, with the reduction and without.
  const std::string racy = R"(import threading
class Counter:
    def __init__(self):
        self.value = 0
    def add(self):
        self.value += 1
c = Counter()
ts = [threading.Thread(target=c.add), threading.Thread(target=c.add)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert c.value == 2
)";
  for (const char* reduction : {"on", "off"}) {
    CheckRequest request;
    request.path = testing::WriteScenario("cls_race", racy);
    request.settings = {{"reduction", reduction}};
    ScenarioResult r = CheckScenario(request);
    ASSERT_EQ(r.bugs.size(), 1u) << reduction;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  }
}

TEST(ClassesTest, StatesDifferingOnlyInAnAttributeAreDifferentStates) {
  // The two threads write different values (the last writer wins, so two final states) or the
  // same value (one): the packed state holds the attribute.
  auto states = [](const std::string& name, const std::string& second) {
    ScenarioResult r = Check(name, R"(import threading
class Box:
    pass
b = Box()
def one():
    b.v = 1
def two():
    b.v = )" + second + R"(
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
)");
    EXPECT_TRUE(r.bugs.empty());
    return r.stats.states;
  };
  EXPECT_GT(states("cls_attr_differ", "2"), states("cls_attr_same", "1"));
}

TEST(ClassesTest, ConstructsOutsideTheModelAreRefusedAtRunTime) {
  ScenarioResult r;
  RunOutput("cls_shadow", "class C:\n    def m(self):\n        pass\nC().m = 1\n", &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              ::testing::HasSubstr("unsupported in scenarios: instance attribute 'm' shadowing a "
                                   "method of class 'C'"));
  RunOutput("cls_list_base", "class C(list):\n    pass\n", &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              ::testing::HasSubstr("unsupported in scenarios: subclassing '<class 'list'>'"));
}

TEST(ClassesTest, SpecialMethodsResultsAreCheckedAsCPythonChecksThem) {
  EXPECT_EQ(RunBug("cls_bool_int", "class C:\n    def __bool__(self):\n        return 1\nif C():\n    pass\n"),
            "TypeError: __bool__ should return bool, returned int (in MainThread)");
  EXPECT_EQ(RunBug("cls_len_neg", "class C:\n    def __len__(self):\n        return -1\nlen(C())\n"),
            "ValueError: __len__() should return >= 0 (in MainThread)");
  EXPECT_EQ(RunBug("cls_str_int", "class C:\n    def __str__(self):\n        return 1\nstr(C())\n"),
            "TypeError: __str__ returned non-string (type int) (in MainThread)");
  EXPECT_EQ(RunBug("cls_iter_self", "class C:\n    def __iter__(self):\n        return 3\nfor x in C():\n    pass\n"),
            "TypeError: iter() returned non-iterator of type 'int' (in MainThread)");
  EXPECT_EQ(RunBug("cls_no_setter", R"(class C:
    @property
    def x(self):
        return 1
C().x = 2
)"),
            "AttributeError: property 'x' of 'C' object has no setter (in MainThread)");
  EXPECT_EQ(RunBug("cls_unhashable", "class C:\n    def __eq__(self, o):\n        return True\nd = {C(): 1}\n"),
            "TypeError: unhashable type: 'C' (in MainThread)");
}

TEST(ClassesTest, ASpecialMethodInsideAnotherValuesOperationIsRefused) {
  // CPython would call __eq__ for each item of the list; lockcheck calls special methods
  // only from the instructions that use the object itself, and refuses the rest.
  ScenarioResult r;
  RunOutput("cls_nested_eq", "class C:\n    def __eq__(self, o):\n        return True\nprint([C()] == [C()])\n", &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0],
              ::testing::HasSubstr("unsupported in scenarios: __eq__ of a 'C' inside another "
                                   "value's operation"));
  RunOutput("cls_print_str", "class C:\n    def __str__(self):\n        return 'c'\nprint(C())\n", &r);
  ASSERT_EQ(r.rendered_errors.size(), 1u);
  EXPECT_THAT(r.rendered_errors[0], ::testing::HasSubstr("print() of a 'C' that defines __str__"));
}

TEST(ClassesTest, APropertyOfASharedObjectRunsItsGetterInTheReadingThread) {
  // The getter reads self._v under no lock while a setter writes it: the race is found.
  const std::string text = R"(import threading
class Box:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, x):
        self._v = x
b = Box()
def bump():
    b.v = b.v + 1
ts = [threading.Thread(target=bump), threading.Thread(target=bump)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert b.v == 2
)";
  for (const char* reduction : {"on", "off"}) {
    CheckRequest request;
    request.path = testing::WriteScenario("cls_property_race", text);
    request.settings = {{"reduction", reduction}};
    ScenarioResult r = CheckScenario(request);
    ASSERT_EQ(r.bugs.size(), 1u) << reduction;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  }
}

}  // namespace
}  // namespace lockcheck
