// The random module end to end: every outcome of a draw is explored (a counterexample names
// the value drawn and its token replays it), CPython 3.13's errors, the bound on a draw's
// outcomes, and the draws the search cannot branch on (uncountable, or from shared state while
// other threads run), which are refused at their call.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "checker/schedule.h"
#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RunOutput;

// The one bug's trace step that drew, as "op -> outcome".
std::string DrawStep(const Bug& bug) {
  for (const TraceStep& s : bug.trace)
    if (s.outcome.rfind("drew ", 0) == 0) return s.op + " -> " + s.outcome;
  return "";
}

TEST(RandomTest, EveryOutcomeOfADrawIsExploredAndNamedInTheTrace) {
  for (int value = 1; value <= 3; ++value) {
    ScenarioResult r = testing::Check("randint_each", absl::StrCat(R"(import random
x = random.randint(1, 3)
assert x != )", value, "\n"));
    ASSERT_EQ(r.bugs.size(), 1u) << value;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
    EXPECT_EQ(DrawStep(r.bugs[0]), absl::StrCat("random.randint(1, 3) -> drew ", value));
    EXPECT_THAT(r.bugs[0].replay, HasSubstr(absl::StrCat("=", value - 1)));
  }
}

TEST(RandomTest, TheTokenReplaysTheOutcomeDrawn) {
  const std::string text = R"(import random
from random import choice
i = random.randrange(10, 0, -3)
c = choice(("x", "y"))
assert not (i == 4 and c == "y")
)";
  ScenarioResult r = testing::Check("replay_draw", text);
  ASSERT_EQ(r.bugs.size(), 1u);
  CheckRequest request;
  request.path = testing::WriteScenario("replay_draw", text);
  ScenarioResult back = ReplayScenario(request, r.bugs[0].replay);
  ASSERT_EQ(back.bugs.size(), 1u);
  EXPECT_EQ(back.bugs[0].kind, BugKind::kAssertion);
  std::vector<std::string> drawn;
  for (const TraceStep& s : back.bugs[0].trace)
    if (s.outcome.rfind("drew ", 0) == 0) drawn.push_back(s.outcome);
  EXPECT_THAT(drawn, ElementsAre("drew 4", "drew 'y'"));
  // An outcome the draw does not have is refused, not replayed as another one.
  back = ReplayScenario(request, SignScheduleText("lc2:aa=5"));
  ASSERT_FALSE(back.errors.empty());
  EXPECT_THAT(back.errors[0].message, HasSubstr("cannot draw outcome 5 (it has 4)"));
}

TEST(RandomTest, ShuffleAndSampleExploreEveryPermutation) {
  for (const char* perm : {"[1, 2, 3]", "[1, 3, 2]", "[2, 1, 3]", "[2, 3, 1]", "[3, 1, 2]",
                           "[3, 2, 1]"}) {
    ScenarioResult r = testing::Check("shuffle_each", absl::StrCat(R"(import random
xs = [1, 2, 3]
assert random.shuffle(xs) is None
assert xs != )", perm, "\n"));
    ASSERT_EQ(r.bugs.size(), 1u) << perm;
    EXPECT_EQ(DrawStep(r.bugs[0]), absl::StrCat("random.shuffle(xs) -> drew ", perm));
  }
  ScenarioResult r = testing::Check("sample_states", R"(import random
s = random.sample("abcd", 2)
assert len(s) == 2 and s[0] != s[1]
assert s != ["d", "a"]
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_EQ(DrawStep(r.bugs[0]), "random.sample(\"abcd\", 2) -> drew ['d', 'a']");
}

TEST(RandomTest, ErrorsAreCPythons) {
  EXPECT_THAT(RunOutput("random_errors", R"(import random
def show(f):
    try:
        f()
    except BaseException as e:
        print(type(e).__name__, e)
show(lambda: random.randint(3, 1))
show(lambda: random.randrange(0))
show(lambda: random.randrange(5, 1))
show(lambda: random.randrange(1, 5, 0))
show(lambda: random.randrange(1, 5, -1))
show(lambda: random.randrange(1.5))
show(lambda: random.randint(1, "2"))
show(lambda: random.randrange(5, step=2))
show(lambda: random.choice([]))
show(lambda: random.choice(5))
show(lambda: random.choice({1}))
show(lambda: random.sample([1, 2], 3))
show(lambda: random.sample([1, 2], -1))
show(lambda: random.sample({1, 2}, 1))
show(lambda: random.shuffle((1, 2)))
show(lambda: random.randint(1))
show(lambda: random.randint())
show(lambda: random.randrange(1, 2, 3, 4))
show(lambda: random.randint(1, 2, c=3))
show(lambda: random.randint(1, a=3))
show(lambda: random.seed([1]))
print(random.seed(5), random.randint(4, 4), random.choice("z"), random.sample([], 0))
xs = [7]
random.shuffle(xs)
print(xs, random.randrange(3, 4), random.choice(range(2, 3)))
)"),
              ElementsAre("ValueError empty range in randrange(3, 2)",
                          "ValueError empty range for randrange()",
                          "ValueError empty range in randrange(5, 1)",
                          "ValueError zero step for randrange()",
                          "ValueError empty range in randrange(1, 5, -1)",
                          "TypeError 'float' object cannot be interpreted as an integer",
                          "TypeError can only concatenate str (not \"int\") to str",
                          "TypeError Missing a non-None stop argument",
                          "IndexError Cannot choose from an empty sequence",
                          "TypeError object of type 'int' has no len()",
                          "TypeError 'set' object is not subscriptable",
                          "ValueError Sample larger than population or is negative",
                          "ValueError Sample larger than population or is negative",
                          "TypeError Population must be a sequence.  For dicts or sets, use "
                          "sorted(d).",
                          "TypeError 'tuple' object does not support item assignment",
                          "TypeError Random.randint() missing 1 required positional argument: "
                          "'b'",
                          "TypeError Random.randint() missing 2 required positional arguments: "
                          "'a' and 'b'",
                          "TypeError Random.randrange() takes from 2 to 4 positional arguments "
                          "but 5 were given",
                          "TypeError Random.randint() got an unexpected keyword argument 'c'",
                          "TypeError Random.randint() got multiple values for argument 'a'",
                          "TypeError The only supported seed types are: None,",
                          "int, float, str, bytes, and bytearray.",
                          "None 4 z []", "[7] 3 2"));
}

TEST(RandomTest, TooManyOutcomesAndUncountableDrawsAreRefusedAtTheCall) {
  ScenarioResult r =
      testing::Check("randint_big", "import random\nx = 1\ny = random.randint(1, 65)\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message,
            "unsupported in scenarios: random.randint() with 65 outcomes (lockcheck explores "
            "every outcome of a draw, at most 64)");
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_EQ(r.errors[0].column, 5);
  r = testing::Check("shuffle_big", "import random\nxs = list(range(5))\nrandom.shuffle(xs)\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("random.shuffle() with 120 outcomes"));
  r = testing::Check("random_float", "import random\nx = random.random()\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message,
              HasSubstr("unsupported in scenarios: 'random.random' (it draws from uncountably "
                        "many floats"));
  r = testing::Check("uniform_from", "from random import uniform\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("'random.uniform' (it draws from uncountably"));
  r = testing::Check("random_instance", "import random\nr = random.Random()\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0].message, HasSubstr("'random.Random' (not modelled by lockcheck)"));
}

const char* kRaceOnDraw = R"(import random
import threading
counts = [0, 0]
lock = threading.Lock()
def worker():
    i = random.choice((0, 1))
    if i == 1:
        counts[i] += 1  # unlocked on this path only
    else:
        with lock:
            counts[i] += 1
ts = [threading.Thread(target=worker) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert sum(counts) == 2, counts
)";

// A draw commutes with every other thread's step but branches: the reduction must keep every
// outcome, and the strategies draw too.
TEST(RandomTest, TheReductionAndTheStrategiesKeepEveryOutcome) {
  for (const char* reduction : {"on", "off"}) {
    ScenarioResult r = testing::Check("race_on_draw", kRaceOnDraw, {{"reduction", reduction}});
    ASSERT_EQ(r.bugs.size(), 1u) << reduction;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion);
    EXPECT_TRUE(r.stats.complete);
  }
  for (const char* strategy : {"random", "pct", "bounded"}) {
    ScenarioResult r = testing::Check("race_on_draw", kRaceOnDraw, {{"strategy", strategy}});
    ASSERT_EQ(r.bugs.size(), 1u) << strategy;
    EXPECT_EQ(r.bugs[0].kind, BugKind::kAssertion) << strategy;
  }
}

TEST(RandomTest, ADrawFromSharedStateIsRefusedWhileOtherThreadsRun) {
  // Alone (before the first start()), a thread draws from a global list.
  ScenarioResult r = testing::Check("shared_alone", R"(import random
import threading
xs = [1, 2]
random.shuffle(xs)
y = random.choice(xs)
t = threading.Thread(target=lambda: None)
t.start()
z = random.choice(xs)
t.join()
)");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 8);
  EXPECT_EQ(r.errors[0].message,
            "unsupported in scenarios: random.choice() of a list other threads can reach (draw "
            "from a copy: items = list(shared) first)");
}

}  // namespace
}  // namespace lockcheck
