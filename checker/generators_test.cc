// Generators, generator expressions and contextlib.contextmanager, end to end: what CPython
// 3.13 prints or raises (the texts were taken from python3.13), and what the search finds when
// threads share a generator. A generator is a heap object of the state: its suspended frame is
// copied, fingerprinted and compared like any object's payload.
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

TEST(GeneratorsTest, YieldSendReturnAndStopIteration) {
  EXPECT_THAT(RunOutput("gen_basic", R"(
def gen():
    x = yield 1
    print("got", x)
    return 7
it = gen()
print(next(it))
try:
    it.send(5)
except StopIteration as e:
    print("stop", e.value, e.args)
try:
    next(it)
except StopIteration as e:
    print("again", e.value, e.args)
try:
    gen().send(3)
except TypeError as e:
    print(e)
def bad():
    yield 1
    raise StopIteration
try:
    list(bad())
except RuntimeError as e:
    print(e)
done = gen()
next(done)
print(next(gen(), "x"), next(done, "d"))
)"),
              ElementsAre("1", "got 5", "stop 7 (7,)", "again None ()",
                          "can't send non-None value to a just-started generator",
                          "generator raised StopIteration", "got None", "1 d"));
}

TEST(GeneratorsTest, ConsumersAndGeneratorExpressions) {
  EXPECT_THAT(RunOutput("gen_consumers", R"(
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(4)), sum(count(5)), sorted(count(3), reverse=True), tuple(count(2)))
print(any(x > 2 for x in count(10)), all(x < 2 for x in count(3)), ",".join(str(x) for x in count(3)))
print(max(x for x in [3, 9, 2]), min(count(3)), [*count(2)])
def outer():
    r = yield from inner()
    yield r
    yield from [10, 11]
def inner():
    yield 1
    return "done"
print(list(outer()), [x * y for x in range(3) for y in (z for z in range(x))])
def closure(k):
    return list(x + k for x in range(3) if x != 1)
print(closure(10), *count(3))
)"),
              ElementsAre("[0, 1, 2, 3] 10 [2, 1, 0] (0, 1)", "True False 0,1,2",
                          "9 0 [0, 1]", "[1, 'done', 10, 11] [0, 0, 2]",
                          "[10, 12] 0 1 2"));
}

TEST(GeneratorsTest, LiveIteratorsResumeTheGeneratorTheyWalk) {
  // Regression: enumerate/zip/map/filter of a generator raised "'generator' object is not
  // iterable" (a finding in correct code) once the iterators became live. Each step resumes
  // the generator, so its body runs between the loop's items, as in CPython.
  EXPECT_THAT(RunOutput("gen_live_iterators", R"(
def k():
    print("start")
    yield 1
    yield 2
    return 5
for i, x in enumerate(k(), 1):
    print(i, x)
z = zip(k(), "abc")
print(next(z), list(z), list(z))
print(list(map(lambda a, b: a + b, k(), k())), list(filter(lambda v: v > 1, k())))
it = k()
print(iter(it) is it, sorted(set(k())), frozenset(k()) == {1, 2})
def boom():
    yield 1
    raise ValueError("boom")
try:
    for p in zip(boom(), boom()):
        print(p)
except ValueError as e:
    print("caught", e)
e = enumerate(k())
print(next(e), next(e), next(e, "end"))
)"),
              ElementsAre("start", "1 1", "2 2", "start", "(1, 'a') [(2, 'b')] []", "start",
                          "start", "start", "[2, 4] [2]", "start", "start", "True [1, 2] True",
                          "(1, 1)",
                          "caught boom", "start", "(0, 1) (1, 2) end"));
}

TEST(GeneratorsTest, ThrowCloseAndFinally) {
  EXPECT_THAT(RunOutput("gen_throw", R"(
def gen():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught", e)
        yield 99
    finally:
        print("finally")
g = gen()
print(next(g), g.throw(ValueError("boom")))
g.close()
print(list(g))
g = gen()
g.close()
try:
    next(g)
except StopIteration:
    print("stopped")
def forever():
    n = 0
    while True:
        yield n
        n += 1
nat = forever()
for x in nat:
    if x == 2:
        break
print(next(nat), next(nat))
class Bag:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        for i in self.items:
            yield i
print([v for v in Bag([3, 4])])
)"),
              ElementsAre("caught boom", "1 99", "finally", "[]", "stopped", "3 4", "[3, 4]"));
}

TEST(GeneratorsTest, ContextManagerThrowsIntoTheGenerator) {
  EXPECT_THAT(RunOutput("gen_cm", R"(
from contextlib import contextmanager
import threading
lock = threading.Lock()
@contextmanager
def locked(l):
    l.acquire()
    try:
        yield l
    finally:
        l.release()
@contextmanager
def suppressing():
    try:
        yield "s"
    except KeyError:
        print("suppressed")
with locked(lock) as l:
    print(l.locked())
try:
    with locked(lock):
        raise ValueError("x")
except ValueError as e:
    print("caught", e, lock.locked())
with suppressing() as s:
    raise KeyError(s)
@contextmanager
def twice():
    yield 1
    yield 2
try:
    with twice():
        pass
except RuntimeError as e:
    print(e)
@contextmanager
def never():
    return
    yield
try:
    with never():
        pass
except RuntimeError as e:
    print(e)
print(locked.__name__)
)"),
              ElementsAre("True", "caught x False", "suppressed", "generator didn't stop",
                          "generator didn't yield", "locked"));
}

TEST(GeneratorsTest, AGeneratorTwoThreadsResumeIsAlreadyExecuting) {
  // CPython's ValueError, found in the interleaving where one thread resumes the generator
  // while the other runs its body; with or without the reduction.
  const std::string text = R"(import threading
def jobs():
    i = 0
    while i < 2:
        i += 1
        yield i
source = jobs()
def worker():
    for job in source:
        pass
ts = [threading.Thread(target=worker), threading.Thread(target=worker)]
for t in ts:
    t.start()
for t in ts:
    t.join()
)";
  // The same through a live iterator over the generator (enumerate resumes it at each step).
  std::string enumerated = text;
  enumerated.replace(enumerated.find("for job in source:"), 18, "for n, job in enumerate(source):");
  for (const std::string& t : {text, enumerated}) {
    for (const char* reduction : {"on", "off"}) {
      ScenarioResult r = testing::Check("gen_shared", t, {{"reduction", reduction}});
      ASSERT_EQ(r.bugs.size(), 1u) << reduction << t;
      EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
      EXPECT_THAT(r.bugs[0].message, HasSubstr("ValueError: generator already executing"));
    }
  }
}

TEST(GeneratorsTest, AGeneratorOneThreadUsesCostsNoInterleavings) {
  const char* kTemplate = R"(import threading
lock = threading.Lock()
total = 0
def gen(n):
    for i in range(n):
        yield i
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
  local.replace(local.find("%s"), 2, "for v in gen(3):\n        s += v\n    s -= sum(gen(3))");
  for (const char* reduction : {"on", "off"}) {
    ScenarioResult a = testing::Check("gen_plain", plain, {{"reduction", reduction}});
    ScenarioResult b = testing::Check("gen_local", local, {{"reduction", reduction}});
    EXPECT_TRUE(a.bugs.empty() && b.bugs.empty()) << reduction;
    EXPECT_EQ(a.stats.states, b.stats.states) << reduction;
  }
}

TEST(GeneratorsTest, ASuspendedFrameIsPartOfTheState) {
  // The main thread waits (join) while the worker's generator is suspended at different
  // points: the states differ by the generator's frame alone, and each is found.
  ScenarioResult r = testing::Check("gen_state", R"(import threading
def steps():
    yield "a"
    yield "b"
g = steps()
seen = []
def worker():
    seen.append(next(g))
    seen.append(next(g))
t = threading.Thread(target=worker)
t.start()
assert len(seen) != 1, seen
t.join()
)", {{"reduction", "off"}});
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
}

TEST(GeneratorsTest, UnsupportedUsesAreRefused) {
  EXPECT_THAT(RunOutput("gen_refused_in", "def g():\n    yield 1\nprint(1 in g())\n"),
              ElementsAre(HasSubstr("unsupported in scenarios: this use of a generator")));
  EXPECT_THAT(RunOutput("gen_refused_cm", R"(
from contextlib import contextmanager
@contextmanager
def plain():
    return 1
with plain():
    pass
)"),
              ElementsAre(HasSubstr("unsupported in scenarios: @contextmanager on a function "
                                    "that is not a generator")));
}

}  // namespace
}  // namespace lockcheck
