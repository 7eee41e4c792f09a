// queue.Queue end to end, 3.13's shutdown() in particular (Lib/queue.py).
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

}  // namespace
}  // namespace lockcheck
