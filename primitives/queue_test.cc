// queue.Queue end to end, 3.13's shutdown() in particular (Lib/queue.py); LifoQueue and
// SimpleQueue.
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(QueueShutdownTest, AWaitingGetterIsWokenWithShutDown) {
  ScenarioResult r = testing::Check("q_shut_wake", R"(import threading
import queue
q = queue.Queue()
out = []
def consumer():
    try:
        q.get()
    except queue.ShutDown:
        out.append("shut down")
t = threading.Thread(target=consumer)
t.start()
q.shutdown()
t.join()
assert out == ["shut down"], out
)");
  EXPECT_TRUE(r.bugs.empty());
  EXPECT_TRUE(r.errors.empty());
}

TEST(QueueShutdownTest, GetDrainsTheItemsLeftBeforeRaising) {
  std::vector<std::string> out = testing::RunOutput("q_shut_drain", R"(import queue
q = queue.Queue()
q.put(1)
q.put(2)
q.shutdown()
print(q.get(), q.get_nowait())
try:
    q.get()
except queue.ShutDown:
    print("ShutDown")
try:
    q.put(3)
except queue.ShutDown as e:
    print("put:", repr(e))
)");
  EXPECT_THAT(out, ElementsAre("1 2", "ShutDown", "put: ShutDown()"));
}

TEST(QueueShutdownTest, ImmediateDropsTheItemsAndCountsThemDone) {
  std::vector<std::string> out = testing::RunOutput("q_shut_now", R"(import queue
q = queue.Queue()
q.put(1)
q.put(2)
q.shutdown(immediate=True)
print(q.qsize())
q.join()
print("joined", q.empty())
)");
  EXPECT_THAT(out, ElementsAre("0", "joined True"));
}

TEST(QueueShutdownTest, ShutDownIsAnException) {
  ScenarioResult r = testing::Check("q_shut_uncaught", R"(import queue
q = queue.Queue()
q.shutdown(True)
try:
    q.put(1)
except Exception:
    pass
q.put(1)
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("ShutDown"));
}

TEST(QueueShutdownTest, BadArgumentsAreTypeErrors) {
  ScenarioResult r = testing::Check("q_shut_args", R"(import queue
q = queue.Queue()
q.shutdown(immediate=True, now=1)
)");
  ASSERT_EQ(r.bugs.size(), 1u);
  EXPECT_THAT(r.bugs[0].message, HasSubstr("unexpected keyword argument 'now'"));
}

// LifoQueue (Lib/queue.py: a Queue whose get takes the newest item) and SimpleQueue (the C
// _queue.SimpleQueue: unbounded, no task_done, join, full or shutdown): the outputs python3
// prints for the same program.
TEST(QueueKindsTest, LifoAndSimpleQueuesAreCPythons) {
  std::vector<std::string> out = testing::RunOutput("q_kinds", R"(import queue
def show(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, repr(e))
l = queue.LifoQueue(2)
l.put(1)
l.put(2)
show(lambda: l.put_nowait(3))
print(l.get(), l.get(), l.qsize(), isinstance(l, queue.Queue))
print(type(l).__name__, repr(l)[:16], issubclass(queue.LifoQueue, queue.Queue))
s = queue.SimpleQueue()
s.put(5)
s.put(6, block=False)
print(s.get(), s.get_nowait(), s.qsize(), s.empty(), isinstance(s, queue.Queue))
show(lambda: s.get_nowait())
show(lambda: s.get(timeout=-1))
show(lambda: s.task_done())
show(lambda: setattr(s, "x", 1))
show(lambda: queue.SimpleQueue(1))
show(lambda: queue.SimpleQueue(maxsize=1))
print(repr(s)[:24])
)");
  EXPECT_THAT(out, ElementsAre("Full Full()", "2 1 0 True", "LifoQueue <queue.LifoQueue True",
                               "5 6 0 True False", "Empty Empty()",
                               "ValueError ValueError(\"'timeout' must be a non-negative number\")",
                               "AttributeError AttributeError(\"'_queue.SimpleQueue' object has no "
                               "attribute 'task_done'\")",
                               "AttributeError AttributeError(\"'_queue.SimpleQueue' object has no "
                               "attribute 'x'\")",
                               "TypeError TypeError('SimpleQueue() takes no positional arguments')",
                               "TypeError TypeError('SimpleQueue() takes no keyword arguments')",
                               "<_queue.SimpleQueue obje"));
}

}  // namespace
}  // namespace lockcheck
