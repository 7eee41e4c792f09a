// Every bug of the corpus replays from its token to the same trace, and a token that does not
// fit is a clear error.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "checker/check.h"
#include "checker/schedule.h"
#include "checker/testing.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  std::filesystem::path root = std::filesystem::path(LOCKCHECK_SOURCE_DIR) / "scenarios/corpus";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".py")
      files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CorpusReplayTest, EveryBugReplaysToTheSameTrace) {
  std::vector<std::string> files = CorpusFiles();
  ASSERT_GE(files.size(), 25u);
  int replayed = 0;
  for (const std::string& file : files) {
    CheckRequest request;
    request.path = file;
    ScenarioResult checked = CheckScenario(request);
    for (const Bug& bug : checked.bugs) {
      // A lock-order warning is about every state explored; its path only shows where one of
      // its orders was first seen.
      if (bug.kind == BugKind::kLockOrder) continue;
      SCOPED_TRACE(file + " " + bug.replay);
      ScenarioResult r = ReplayScenario(request, bug.replay);
      ASSERT_EQ(r.status, ScenarioStatus::kFail);
      // The replay ends in the bug (possibly with others shown by the same last step).
      auto same = std::find_if(r.bugs.begin(), r.bugs.end(), [&](const Bug& b) {
        return b.id == bug.id;
      });
      ASSERT_NE(same, r.bugs.end());
      ASSERT_EQ(same->trace.size(), bug.trace.size());
      for (size_t i = 0; i < bug.trace.size(); ++i) {
        EXPECT_EQ(same->trace[i].thread, bug.trace[i].thread);
        EXPECT_EQ(same->trace[i].op, bug.trace[i].op);
        EXPECT_EQ(same->trace[i].outcome, bug.trace[i].outcome);
        EXPECT_EQ(same->trace[i].output, bug.trace[i].output);
      }
      EXPECT_EQ(same->message, bug.message);
      EXPECT_EQ(same->loop_start, bug.loop_start);
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 10);
}

TEST(CorpusReplayTest, ATokenThatDoesNotFitIsAnError) {
  CheckRequest request;
  request.path = testing::WriteScenario("nofit", "import threading\nx = 1\n");
  ScenarioResult r = ReplayScenario(request, SignScheduleText("lc2:ab"));
  ASSERT_EQ(r.status, ScenarioStatus::kError);
  EXPECT_EQ(r.errors[0].message,
            "the schedule does not fit this scenario: the program has ended after step 1 of 2");
  r = ReplayScenario(request, SignScheduleText("lc2:c"));
  EXPECT_EQ(r.errors[0].message,
            "the schedule does not fit this scenario: at step 1, thread 2 does not exist");
  r = ReplayScenario(request, "nonsense");
  EXPECT_EQ(r.errors[0].message,
            "bad --schedule token: not a lockcheck schedule token (it should start with \"lc2:\")");
}

}  // namespace
}  // namespace lockcheck
