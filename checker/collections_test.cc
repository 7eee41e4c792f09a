// Sets, frozensets, dict and set comprehensions, del, live iterators (enumerate, zip,
// reversed, map, filter, iter, dict views) and the RuntimeError of a dict or set that changes
// size while it is iterated, end to end: each test runs a small scenario and pins what CPython
// 3.13 prints or raises (the texts were taken from python3), or what the search finds.
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

ScenarioResult Search(const std::string& name, const std::string& text, const char* reduction) {
  CheckRequest request;
  request.path = testing::WriteScenario(name, text);
  request.settings = {{"reduction", reduction}};
  return CheckScenario(request);
}

TEST(CollectionsTest, SetsAndFrozensets) {
  EXPECT_THAT(RunOutput("col_sets", R"(
s = {1, 2, 3}
s.add(4)
s.discard(1)
s.discard(99)
print(s, len(s), 2 in s, 5 in s, 1.0 in {1}, True in {1})
print(set(), frozenset(), frozenset([1, 2, 2]), set("aba") == {"a", "b"})
print({1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2}, {1, 2} ^ {2, 3})
print({1} <= {1, 2}, {1, 2} < {1, 2}, {1, 2} >= {2}, {1} == frozenset([1]), {1} != {2})
print(frozenset({1}) | {2}, {1} | frozenset({2}), type(frozenset()).__name__)
u = {1, 2}
u |= {3}
u -= {1}
print(u, sorted(u.union([7], (8,))), u.issubset(range(10)), u.issuperset([2]), u.isdisjoint([100]))
print(u.intersection([2, 3, 4]), u.difference([2]), u.symmetric_difference([3, 5]))
u.update([4], {5})
u.intersection_update(range(4, 10))
print(u, u.pop(), u, sorted({3, 1, 2}), isinstance(u, set), isinstance(u, frozenset))
print({(1, 2), (1, 2)}, {frozenset({1}): "f"}, bool(set()), bool({0}))
)"),
              ElementsAre("{2, 3, 4} 3 True False True True",
                          "set() frozenset() frozenset({1, 2}) True",
                          "{1, 2, 3} {2} {1} {1, 3}", "True False True True True",
                          "frozenset({1, 2}) {1, 2} frozenset",
                          "{2, 3} [2, 3, 7, 8] True True True", "{2, 3} {3} {2, 5}",
                          "{5} 4 {5} [1, 2, 3] True False",
                          "{(1, 2)} {frozenset({1}): 'f'} False True"));
}

TEST(CollectionsTest, SetErrorsAreCPythons) {
  ScenarioResult r;
  RunOutput("col_unhashable", "s = {1}\ns.add([1])\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "TypeError: unhashable type: 'list' (in MainThread)");
  RunOutput("col_unhashable_tuple", "d = {}\nd[(1, [2])] = 0\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "TypeError: unhashable type: 'list' (in MainThread)");
  RunOutput("col_pop_empty", "s = set()\ns.pop()\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "KeyError: 'pop from an empty set' (in MainThread)");
  RunOutput("col_remove", "s = {1}\ns.remove(2)\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "KeyError: 2 (in MainThread)");
  RunOutput("col_frozen_add", "f = frozenset()\nf.add(1)\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "AttributeError: 'frozenset' object has no attribute 'add' (in MainThread)");
  RunOutput("col_set_plus", "x = {1} + {2}\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "TypeError: unsupported operand type(s) for +: 'set' and 'set' (in MainThread)");
  RunOutput("col_set_keyword", "s = {1}\ns.add(x=2)\n", &r);  // regression: named the method
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "TypeError: set.add() takes no keyword arguments (in MainThread)");
}

TEST(CollectionsTest, Comprehensions) {
  EXPECT_THAT(RunOutput("col_comps", R"(
print({k: k * k for k in range(4) if k % 2}, {x % 3 for x in range(7)})
print({(i, j): i * j for i in range(2) for j in range(2)}, {c for c in "hello"} == set("helo"))
k = "outer"
print({k: 1 for k in "ab"}, k)
)"),
              ElementsAre("{1: 1, 3: 9} {0, 1, 2}",
                          "{(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1} True",
                          "{'a': 1, 'b': 1} outer"));
}

TEST(CollectionsTest, Del) {
  EXPECT_THAT(RunOutput("col_del", R"(
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
lst = [0, 1, 2, 3, 4, 5]
del lst[0], lst[-1]
del lst[1:3]
print(d, lst)
class C:
    k = 1
c = C()
c.x = 5
del c.x
print(C.k)
del C.k
x = 1
del x
def f():
    y = 2
    del y
    try:
        return y
    except UnboundLocalError as e:
        return str(e)
print(f())
try:
    print(x)
except NameError as e:
    print(e)
)"),
              ElementsAre("{'a': 1, 'c': 3} [1, 4]", "1",
                          "cannot access local variable 'y' where it is not associated with a "
                          "value",
                          "name 'x' is not defined"));
  ScenarioResult r;
  RunOutput("col_del_key", "d = {}\ndel d['zz']\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "KeyError: 'zz' (in MainThread)");
  RunOutput("col_del_index", "lst = []\ndel lst[0]\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "IndexError: list assignment index out of range (in MainThread)");
  RunOutput("col_del_tuple", "t = (1,)\ndel t[0]\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "TypeError: 'tuple' object doesn't support item deletion (in MainThread)");
  RunOutput("col_del_attr", "class C:\n    pass\nc = C()\ndel c.nothing\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "AttributeError: 'C' object has no attribute 'nothing' (in MainThread)");
}

TEST(CollectionsTest, LiveIterators) {
  EXPECT_THAT(RunOutput("col_live", R"(
lst = [1, 2, 3]
for i, x in enumerate(lst):
    if i < 2:
        lst.append(x * 10)
print(lst)
seen = []
for a, b in zip(lst, range(100)):
    if len(lst) < 8:
        lst.append(0)
    seen.append(a)
print(seen)
r = []
for x in reversed(lst):
    r.append(x)
print(r)
print(list(map(str, [1, 2])), list(map(lambda a, b: a + b, [1, 2], [10, 20, 30])))
print(list(filter(None, [0, 1, 2, 0])), sorted(filter(lambda v: v % 2, range(8))))
print(sum(map(len, ["ab", "c"])), ",".join(map(str, range(3))), list(enumerate("ab", 1)))
it = iter([1, 2, 3])
print(list(it), list(it))
d = {"a": 1, "b": 2}
keys = d.keys()
d["c"] = 3
print(keys, d.values(), d.items(), len(keys), "c" in keys, 3 in d.values(), ("a", 1) in d.items())
print(list(zip(map(lambda q: q * 2, [1, 2]), filter(lambda q: q > 0, [0, 5, 6]))))
print(type(zip()).__name__, type(map(str, [])).__name__, list(reversed(d)))
print(d.keys() == {"a", "b", "c"}, d.keys() & {"a", "z"}, sorted(d.keys() | {"z"}), sorted(d.keys() - {"a"}))
print(d.values() == d.values(), sorted(d.items() - {("a", 1)}))
)"),
              ElementsAre("[1, 2, 3, 10, 20]", "[1, 2, 3, 10, 20, 0, 0, 0]",
                          "[0, 0, 0, 20, 10, 3, 2, 1]", "['1', '2'] [11, 22]",
                          "[1, 2] [1, 3, 5, 7]", "3 0,1,2 [(1, 'a'), (2, 'b')]", "[1, 2, 3] []",
                          "dict_keys(['a', 'b', 'c']) dict_values([1, 2, 3]) "
                          "dict_items([('a', 1), ('b', 2), ('c', 3)]) 3 True True True",
                          "[(2, 5), (4, 6)]", "zip map ['c', 'b', 'a']",
                          "True {'a'} ['a', 'b', 'c', 'z'] ['b', 'c']",
                          "False [('b', 2), ('c', 3)]"));
}

TEST(CollectionsTest, AMapFunctionThatRaisesDropsTheItemsItFetched) {
  EXPECT_THAT(RunOutput("col_map_raise", R"(
def f(x):
    if x == 2:
        raise ValueError(x)
    return x * 10
m = map(f, [1, 2, 3, 4])
got = []
try:
    got = list(m)
except ValueError as e:
    print("raised", e)
print(got, list(m))
)"),
              ElementsAre("raised 2", "[] [30, 40]"));
}

TEST(CollectionsTest, ChangingSizeWhileIteratingRaisesCPythonsRuntimeError) {
  ScenarioResult r;
  RunOutput("col_dict_size", "d = {1: 1}\nfor k in d:\n    d[k + 1] = 0\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "RuntimeError: dictionary changed size during iteration (in MainThread)");
  RunOutput("col_view_size", "d = {1: 1}\nfor k, v in d.items():\n    del d[k]\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message,
            "RuntimeError: dictionary changed size during iteration (in MainThread)");
  RunOutput("col_set_size", "s = {1, 2}\nfor k in s:\n    s.discard(2)\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: Set changed size during iteration (in MainThread)");
  RunOutput("col_deque_size",
            "import collections\nq = collections.deque([1])\nfor x in q:\n    q.append(x)\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "RuntimeError: deque mutated during iteration (in MainThread)");
  // Changing a value keeps the size: no error, as in CPython.
  EXPECT_THAT(RunOutput("col_dict_value", "d = {1: 1, 2: 2}\nfor k in d:\n    d[k] = 0\nprint(d)\n"),
              ElementsAre("{1: 0, 2: 0}"));
}

TEST(CollectionsTest, IterationOverADictAnotherThreadInsertsIntoIsFound) {
  // bpo-43498: the loop raises when the other thread's insert lands between two steps.
  const std::string text = R"(import threading
pending = {1: "a", 2: "b"}
def add():
    pending[3] = "c"
t = threading.Thread(target=add)
t.start()
for k in pending:
    pass
t.join()
)";
  for (const char* reduction : {"on", "off"}) {
    ScenarioResult r = Search("col_bpo43498", text, reduction);
    ASSERT_EQ(r.bugs.size(), 1u) << reduction;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kException);
    EXPECT_THAT(r.bugs[0].message, HasSubstr("dictionary changed size during iteration"));
  }
}

TEST(CollectionsTest, ASharedSetIsRacedOnLikeADict) {
  // Check-then-add on a shared set without a lock: both threads may see the item absent.
  const std::string text = R"(import threading
seen = set()
claimed = []
def claim(item):
    if item not in seen:
        seen.add(item)
        claimed.append(item)
ts = [threading.Thread(target=claim, args=(1,)) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert claimed == [1], claimed
)";
  for (const char* reduction : {"on", "off"}) {
    ScenarioResult r = Search("col_set_race", text, reduction);
    ASSERT_EQ(r.bugs.size(), 1u) << reduction;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
  }
}

TEST(CollectionsTest, HashAndCallable) {
  EXPECT_THAT(RunOutput("col_hash", R"(
print(hash(-1), hash(-2), hash(2**61 - 1), hash(2**61), hash(-(2**61)), hash(9223372036854775807))
print(hash(True), hash(7), callable(len), callable(print), callable(lambda: 0), callable(3))
class C:
    def m(self):
        pass
print(callable(C), callable(C()), callable(C().m), callable(set), callable("s"))
)"),
              ElementsAre("-2 -2 0 1 -2 3", "1 7 True True True False",
                          "True False True True False"));
  ScenarioResult r;
  RunOutput("col_hash_list", "hash([1])\n", &r);
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(r.bugs[0].message, "TypeError: unhashable type: 'list' (in MainThread)");
  r = testing::Check("col_id", "print(id(1))\n");
  ASSERT_FALSE(r.rendered_errors.empty());
  EXPECT_THAT(r.rendered_errors[0], HasSubstr("unsupported in scenarios: id()"));
  r = testing::Check("col_hash_str", "print(hash('a'))\n");
  ASSERT_FALSE(r.rendered_errors.empty());
  EXPECT_THAT(r.rendered_errors[0], HasSubstr("unsupported in scenarios: hash() of a 'str'"));
}

TEST(CollectionsTest, MapAndFilterRefuseWhatTheyCannotRun) {
  ScenarioResult r = testing::Check("col_map_class", "class C:\n    pass\nprint(list(map(C, [1])))\n");
  ASSERT_FALSE(r.rendered_errors.empty());
  EXPECT_THAT(r.rendered_errors[0], HasSubstr("unsupported in scenarios: map() or filter() calling a class"));
}

}  // namespace
}  // namespace lockcheck
