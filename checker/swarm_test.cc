// Swarm verification (swarm.h): the members' plans, their reports, and the merge.
#include "checker/swarm.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "checker/check.h"
#include "checker/testing.h"
#include "checker/hashing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::HasSubstr;
using testing::WriteScenario;

// Dining philosophers, every one left fork first: a deadlock that a depth-first search in
// thread-number order meets only after most of the graph (it runs each philosopher to its end
// first), and that round-robin order meets at once.
std::string Dining(int n) {
  return absl::StrCat(R"(# lockcheck: expect=deadlock
import threading
N = )", n, R"(
forks = [threading.Lock() for _ in range(N)]
def phil(i):
    with forks[i]:
        with forks[(i + 1) % N]:
            pass
threads = [threading.Thread(target=phil, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)");
}

ScenarioResult Member(const std::string& path, int index, int count,
                      std::vector<OptionSetting> settings = {}) {
  CheckRequest request;
  request.path = path;
  request.settings = std::move(settings);
  request.swarm = {index, count};
  return CheckScenario(request);
}

CheckOptions Plan(int index, int count, CheckOptions o = CheckOptions{}) {
  EXPECT_TRUE(JoinSwarm({index, count}, o).ok());
  return o;
}

TEST(SwarmTest, ParsesMembers) {
  absl::StatusOr<SwarmMember> m = ParseSwarm("3/8");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->index, 3);
  EXPECT_EQ(m->count, 8);
  EXPECT_TRUE(ParseSwarm("1/1").ok());
  for (const char* bad : {"", "3", "3/", "/8", "0/8", "9/8", "-1/8", "3/-8", "3/8/1", "a/b",
                          "3 /8", "+3/8", "1/100001", "99999999999/99999999999"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseSwarm(bad).ok());
  }
  EXPECT_EQ(ParseSwarm("9/8").status().message(), "--swarm 9/8: the member is 1 to 8, not 9");
  EXPECT_EQ(ParseSwarm("x").status().message(),
            "--swarm takes I/N, member I of a swarm of N (e.g. 2/8), not 'x'");
}

TEST(SwarmTest, MembersSearchDifferently) {
  const CheckOptions first = Plan(1, 8);
  EXPECT_EQ(first.strategy, Strategy::kDfs);
  EXPECT_EQ(first.step_order, StepOrderKind::kByThread);
  EXPECT_EQ(first.order_seed, 0u);
  EXPECT_EQ(first.hash_seed, 0u);
  EXPECT_EQ(first.seed, 1u);  // the plain search, with the user's seed
  EXPECT_EQ(first.max_states, kSwarmStates);
  EXPECT_EQ(Plan(2, 8).strategy, Strategy::kDfs);
  EXPECT_EQ(Plan(2, 8).step_order, StepOrderKind::kRoundRobin);
  EXPECT_EQ(Plan(2, 8).order_seed, 0u);
  EXPECT_EQ(Plan(3, 8).strategy, Strategy::kPct);
  EXPECT_EQ(Plan(3, 8).pct_depth, 3);
  EXPECT_EQ(Plan(7, 8).pct_depth, 4);
  EXPECT_EQ(Plan(4, 8).strategy, Strategy::kRandom);
  EXPECT_EQ(Plan(4, 8).max_states, 0u);  // its executions bound it
  EXPECT_NE(Plan(5, 8).order_seed, 0u);
  EXPECT_EQ(Plan(6, 8).step_order, StepOrderKind::kRoundRobin);
  EXPECT_NE(Plan(6, 8).order_seed, Plan(5, 8).order_seed);
  // Every member after the first has its own seeds, and the same ones on every call.
  std::set<uint64_t> seeds, hash_seeds;
  for (int i = 2; i <= 64; ++i) {
    const CheckOptions o = Plan(i, 64);
    EXPECT_EQ(o.seed, Plan(i, 64).seed);
    seeds.insert(o.seed);
    hash_seeds.insert(o.hash_seed);
    EXPECT_NE(o.hash_seed, 0u);
  }
  EXPECT_EQ(seeds.size(), 63u);
  EXPECT_EQ(hash_seeds.size(), 63u);
  // Another seed, another swarm.
  CheckOptions seeded;
  seeded.seed = 2;
  EXPECT_NE(Plan(3, 8, seeded).seed, Plan(3, 8).seed);
}

TEST(SwarmTest, KeepsTheUsersStrategyAndBounds) {
  CheckOptions random;
  random.strategy = Strategy::kRandom;
  for (int i = 1; i <= 4; ++i) EXPECT_EQ(Plan(i, 4, random).strategy, Strategy::kRandom);
  EXPECT_NE(Plan(2, 4, random).seed, Plan(3, 4, random).seed);
  CheckOptions bounded_by_user;
  bounded_by_user.time_limit = 5;
  EXPECT_EQ(Plan(2, 4, bounded_by_user).max_states, 0u);
  CheckOptions bounded;
  bounded.strategy = Strategy::kBounded;
  absl::Status s = JoinSwarm({2, 4}, bounded);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("every member would search the same"));
}

TEST(SwarmTest, ThreadRanksArePermutations) {
  for (uint64_t seed : {1ull, 2ull, 0xdeadbeefull}) {
    std::array<uint8_t, kMaxThreads> rank = ThreadRanks(seed);
    std::set<int> seen(rank.begin(), rank.end());
    EXPECT_EQ(seen.size(), static_cast<size_t>(kMaxThreads));
    EXPECT_EQ(*seen.rbegin(), kMaxThreads - 1);
    EXPECT_EQ(rank, ThreadRanks(seed));
  }
  EXPECT_NE(ThreadRanks(1), ThreadRanks(2));
}

TEST(SwarmTest, ScramblingIsABijectionThatKeepsZero) {
  EXPECT_EQ(ScrambleFingerprint(12345, 0), 12345u);
  EXPECT_EQ(ScrambleFingerprint(0, 77), 0u);
  std::set<uint64_t> out;
  for (uint64_t fp = 1; fp <= 100'000; ++fp) out.insert(ScrambleFingerprint(fp * 0x9e3779b97f4a7c15ull, 77));
  EXPECT_EQ(out.size(), 100'000u);
  EXPECT_EQ(out.count(0), 0u);
  // Two fingerprints that share their 60 key bits under one seed do not under another.
  const uint64_t a = 0x1234567890abcdefull, b = a ^ 0x5;
  EXPECT_EQ(a >> 4, b >> 4);
  EXPECT_NE(ScrambleFingerprint(a, 77) >> 4, ScrambleFingerprint(b, 77) >> 4);
}

TEST(SwarmTest, AMemberSaysWhatItSearched) {
  const std::string path = WriteScenario("swarm_dining6", Dining(6));
  ScenarioResult first = Member(path, 1, 4);
  EXPECT_EQ(first.stats.swarm_member, 1);
  EXPECT_EQ(first.stats.swarm_members, 4);
  // Small enough for the bound: a complete verdict, as a plain check gives it.
  EXPECT_TRUE(first.stats.complete);
  EXPECT_TRUE(first.matched_expectation);
  EXPECT_EQ(first.stats.coverage,
            "swarm member 1 of 4: depth-first, thread-number order, up to 1,000,000 states");
  CheckRequest plain;
  plain.path = path;
  ScenarioResult alone = CheckScenario(plain);
  EXPECT_EQ(first.stats.states, alone.stats.states);
  ASSERT_EQ(first.bugs.size(), alone.bugs.size());
  for (size_t i = 0; i < first.bugs.size(); ++i) EXPECT_EQ(first.bugs[i].replay, alone.bugs[i].replay);
  ScenarioResult second = Member(path, 2, 4);
  EXPECT_THAT(second.stats.coverage, HasSubstr("swarm member 2 of 4: depth-first, round-robin order, hash seed 0x"));
  EXPECT_EQ(second.stats.states, alone.stats.states);  // the same graph, in another order
  ScenarioResult third = Member(path, 3, 4);
  EXPECT_EQ(third.stats.strategy, "pct");
  EXPECT_THAT(third.stats.coverage, HasSubstr("swarm member 3 of 4: "));
  EXPECT_THAT(third.stats.coverage, HasSubstr("PCT executions (seed "));
}

TEST(SwarmTest, RoundRobinMemberFindsTheDeadlockTheFirstMemberMisses) {
  // Fourteen philosophers: 28.6M states. Member 1 (thread-number order) stops at its million
  // states without the deadlock; member 2 (round-robin) meets it at once.
  const std::string path = WriteScenario("swarm_dining14", Dining(14));
  std::vector<ScenarioResult> members;
  for (int i = 1; i <= 4; ++i) members.push_back(Member(path, i, 4, {{"max-states", "200000"}}));
  auto has_deadlock = [](const ScenarioResult& r) {
    return std::any_of(r.bugs.begin(), r.bugs.end(),
                       [](const Bug& b) { return b.kind == BugKind::kDeadlock; });
  };
  EXPECT_FALSE(has_deadlock(members[0]));
  EXPECT_EQ(members[0].status, ScenarioStatus::kIncomplete);
  EXPECT_TRUE(has_deadlock(members[1]));
  // The same member, the same report.
  ScenarioResult again = Member(path, 2, 4, {{"max-states", "200000"}});
  EXPECT_EQ(again.stats.states, members[1].stats.states);
  ASSERT_EQ(again.bugs.size(), members[1].bugs.size());
  for (size_t i = 0; i < again.bugs.size(); ++i) EXPECT_EQ(again.bugs[i].replay, members[1].bugs[i].replay);

  std::vector<const ScenarioResult*> all;
  for (const ScenarioResult& r : members) all.push_back(&r);
  ScenarioResult merged = MergeSwarm(all, {1, 2, 3, 4}, 4, false);
  EXPECT_TRUE(has_deadlock(merged));
  EXPECT_EQ(merged.status, ScenarioStatus::kFail);
  EXPECT_TRUE(merged.matched_expectation);
  EXPECT_FALSE(merged.stats.complete);
  EXPECT_EQ(merged.stats.limit, "swarm");
  EXPECT_EQ(merged.stats.strategy, "swarm");
  EXPECT_EQ(merged.stats.swarm_members, 4);
  EXPECT_EQ(merged.stats.swarm_member, 0);
  EXPECT_EQ(merged.stats.swarm_merged, (std::vector<int>{1, 2, 3, 4}));
  uint64_t states = 0;
  for (const ScenarioResult& r : members) states += r.stats.states;
  EXPECT_EQ(merged.stats.states, states);
  EXPECT_THAT(merged.stats.coverage, HasSubstr("swarm of 4, members 1, 2, 3, 4 merged"));
  EXPECT_THAT(merged.stats.coverage, HasSubstr(std::string(kSwarmProvesNothing)));
  // Each bug once, with the shortest trace a member found for it.
  std::set<std::string> ids;
  for (const Bug& b : merged.bugs) {
    EXPECT_TRUE(ids.insert(b.id).second);
    for (const ScenarioResult& r : members) {
      for (const Bug& o : r.bugs) {
        if (o.id == b.id) {
          EXPECT_LE(b.trace.size(), o.trace.size());
        }
      }
    }
  }
  for (const ScenarioResult& r : members) {
    for (const Bug& o : r.bugs) EXPECT_EQ(ids.count(o.id), 1u);
  }
}

TEST(SwarmTest, AMergeWithAFinishedMemberGivesItsCompleteVerdict) {
  const std::string path = WriteScenario("swarm_dining5", Dining(5));
  ScenarioResult finished = Member(path, 1, 2);
  ScenarioResult cut = Member(path, 2, 2, {{"max-states", "50"}});
  ASSERT_TRUE(finished.stats.complete);
  ASSERT_FALSE(cut.stats.complete);
  ScenarioResult merged = MergeSwarm({&finished, &cut}, {1, 2}, 2, false);
  EXPECT_TRUE(merged.stats.complete);
  EXPECT_EQ(merged.stats.states, finished.stats.states);
  EXPECT_EQ(merged.status, finished.status);
  EXPECT_TRUE(merged.matched_expectation);
  EXPECT_THAT(merged.stats.coverage, HasSubstr("member 1 finished its search"));
  EXPECT_EQ(merged.stats.swarm_merged, (std::vector<int>{1, 2}));
}

TEST(SwarmTest, AMergedSwarmWithoutBugsIsIncomplete) {
  const std::string path = WriteScenario("swarm_ok", R"(import threading
lock = threading.Lock()
n = 0
def work():
    global n
    for _ in range(3):
        with lock:
            n += 1
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
)");
  std::vector<ScenarioResult> members;
  for (int i = 1; i <= 4; ++i) members.push_back(Member(path, i, 4, {{"max-states", "100"}}));
  std::vector<const ScenarioResult*> all;
  for (const ScenarioResult& r : members) all.push_back(&r);
  ScenarioResult merged = MergeSwarm(all, {1, 2, 3, 4}, 4, false);
  EXPECT_TRUE(merged.bugs.empty());
  EXPECT_EQ(merged.status, ScenarioStatus::kIncomplete);
  EXPECT_FALSE(merged.matched_expectation);
  EXPECT_THAT(merged.stats.coverage, HasSubstr("proves nothing"));
}

TEST(SwarmTest, AnInputErrorIsTheSwarmsResult) {
  const std::string path = WriteScenario("swarm_bad", "x = (1,\n");
  ScenarioResult one = Member(path, 1, 2), two = Member(path, 2, 2);
  ASSERT_EQ(one.status, ScenarioStatus::kError);
  ScenarioResult merged = MergeSwarm({&one, &two}, {1, 2}, 2, false);
  EXPECT_EQ(merged.status, ScenarioStatus::kError);
  EXPECT_EQ(merged.rendered_errors, one.rendered_errors);
  EXPECT_EQ(merged.stats.swarm_member, 0);
  EXPECT_EQ(merged.stats.swarm_merged, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace lockcheck
