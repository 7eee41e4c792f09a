#include <atomic>
#include <thread>

#include "checker/schedule.h"

#include "checker/visited_set.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

TEST(ScheduleTest, RoundTrip) {
  Schedule s = {{0, false}, {1, false}, {1, true}, {25, false}, {26, false}, {300, true}};
  std::string token = EncodeSchedule(s);
  EXPECT_EQ(token, SignScheduleText("lc2:abBz{26}{300!}"));
  EXPECT_EQ(token.substr(0, token.size() - 6), "lc2:abBz{26}{300!}");
  absl::StatusOr<Schedule> back = DecodeSchedule(token);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, s);
}

// A draw's outcome follows its step as "=k"; tokens without draws read as they always did.
TEST(ScheduleTest, DrawOutcomesRoundTrip) {
  Schedule s = {{0, false, -1}, {1, false, 2}, {1, false, 0}, {30, false, 63}, {2, true, -1}};
  std::string token = EncodeSchedule(s);
  EXPECT_EQ(token, SignScheduleText("lc2:ab=2b=0{30}=63C"));
  absl::StatusOr<Schedule> back = DecodeSchedule(token);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  // A token made before draws existed decodes to the same steps, none of them a draw.
  absl::StatusOr<Schedule> old = DecodeSchedule(SignScheduleText("lc2:abBz{26}{300!}"));
  ASSERT_TRUE(old.ok());
  for (const ScheduleStep& step : *old) EXPECT_EQ(step.draw, -1);
  // Grouped schedules (over 256 steps) keep each step's outcome.
  Schedule long_one;
  for (int i = 0; i < 200; ++i) {
    long_one.push_back({0, false, i % 3});
    long_one.push_back({1, false, -1});
  }
  back = DecodeSchedule(EncodeSchedule(long_one));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, long_one);
}

TEST(ScheduleTest, BadDrawOutcomesAreErrors) {
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:=1")).ok());      // no step before it
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:a=")).ok());      // no number
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:a=1=2")).ok());   // two outcomes
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:A=1")).ok());     // a time-out is no draw
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:a=256")).ok());   // past any draw's count
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:(ab)2=1")).ok()); // after a group
  EXPECT_EQ(DecodeSchedule(SignScheduleText("lc2:a=x")).status().message(),
            "bad draw outcome at offset 6");
}

TEST(ScheduleTest, LassoTokensMarkTheCycle) {
  Schedule s = {{0, false}, {1, false}, {2, true}};
  std::string token = EncodeSchedule(s, 1);
  EXPECT_EQ(token, SignScheduleText("lc2:a.bC"));
  std::optional<size_t> loop_start;
  absl::StatusOr<Schedule> back = DecodeSchedule(token, &loop_start);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, s);
  EXPECT_EQ(loop_start, 1u);
  EXPECT_FALSE(DecodeSchedule(token).ok());  // a lasso where none is expected
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:a.b.c"), &loop_start).ok());
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:ab."), &loop_start).ok());
  ASSERT_TRUE(DecodeSchedule(SignScheduleText("lc2:ab"), &loop_start).ok());
  EXPECT_FALSE(loop_start.has_value());
}

TEST(ScheduleTest, BadTokensAreErrors) {
  EXPECT_FALSE(DecodeSchedule("abc").ok());
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:a{3")).ok());
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:a?")).ok());
  EXPECT_FALSE(DecodeSchedule(SignScheduleText("lc2:{x}")).ok());
  EXPECT_EQ(DecodeSchedule(SignScheduleText("lc2:a?")).status().message(),
            "unexpected character '?' at offset 5");
}

// Every token cut short by one or more characters, and every one-character change, is refused:
// a token that replayed a shorter schedule would show "no bug" for a real one.
TEST(ScheduleTest, CutOrAlteredTokensAreRefused) {
  Schedule s = {{0, false}, {0, false}, {1, false}, {2, true}, {1, false}, {30, false}};
  const std::string token = EncodeSchedule(s, 2);
  std::optional<size_t> loop_start;
  ASSERT_TRUE(DecodeSchedule(token, &loop_start).ok());
  for (size_t cut = 1; cut < token.size(); ++cut) {
    EXPECT_FALSE(DecodeSchedule(token.substr(0, token.size() - cut), &loop_start).ok()) << cut;
  }
  const std::string letters = "abcz.{}!-0123456789ABC";
  for (size_t i = 0; i < token.size(); ++i) {
    for (char c : letters) {
      if (c == token[i]) continue;
      std::string altered = token;
      altered[i] = c;
      EXPECT_FALSE(DecodeSchedule(altered, &loop_start).ok()) << altered;
    }
  }
  EXPECT_EQ(DecodeSchedule(token.substr(0, token.size() - 1), &loop_start).status().message(),
            "the token's checksum does not match: it was cut short or altered (copy the whole "
            "token from the report)");
  EXPECT_EQ(DecodeSchedule("lc2:aabb", &loop_start).status().message(),
            "the token has no checksum (it should end in '-' and 5 characters): was it cut short?");
  EXPECT_EQ(DecodeSchedule("lc1:aabb", &loop_start).status().message(),
            "this token was made by an older lockcheck (\"lc1:\", without a checksum); run "
            "`lockcheck check` again for a current one");
}

// Long schedules group their repeats and decode to the same steps; short ones are one
// character a step.
TEST(ScheduleTest, LongSchedulesGroupRepeats) {
  Schedule s = {{0, false}, {1, false}};
  for (int i = 0; i < 1000; ++i)
    for (uint16_t t : {1, 2, 3, 30}) s.push_back({t, false});
  s.push_back({0, true});
  std::string token = EncodeSchedule(s);
  EXPECT_EQ(token, SignScheduleText("lc2:ab(bcd{30})1000A"));
  absl::StatusOr<Schedule> back = DecodeSchedule(token);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  // A lasso's cycle is grouped apart from its prefix.
  std::optional<size_t> loop_start;
  token = EncodeSchedule(s, 4);
  EXPECT_EQ(token, SignScheduleText("lc2:abbc.(d{30}bc)999d{30}A"));
  back = DecodeSchedule(token, &loop_start);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(loop_start, 4u);
  // 256 steps or fewer: plain, whatever repeats.
  EXPECT_EQ(EncodeSchedule(Schedule(256, {0, false})),
            SignScheduleText("lc2:" + std::string(256, 'a')));
  EXPECT_EQ(EncodeSchedule(Schedule(257, {0, false})), SignScheduleText("lc2:(a)257"));
}

TEST(ScheduleTest, BadGroupsAreErrors) {
  auto decode = [](const std::string& body, std::optional<size_t>* loop_start = nullptr) {
    return DecodeSchedule(SignScheduleText(body), loop_start);
  };
  EXPECT_FALSE(decode("lc2:(ab").ok());
  EXPECT_FALSE(decode("lc2:ab)3").ok());
  EXPECT_FALSE(decode("lc2:(ab)").ok());
  EXPECT_FALSE(decode("lc2:(ab)0").ok());
  EXPECT_FALSE(decode("lc2:()5").ok());
  EXPECT_FALSE(decode("lc2:((a)2)2").ok());
  std::optional<size_t> loop_start;
  EXPECT_FALSE(decode("lc2:(a.b)2", &loop_start).ok());
  EXPECT_EQ(decode("lc2:(ab)99999999999").status().message(),
            "the token stands for more than 50000000 steps");
  EXPECT_FALSE(decode("lc2:(ab)99999999999999999999999").ok());
  absl::StatusOr<Schedule> one = decode("lc2:(ab)1c");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 3u);
}

// Any text after the prefix (with its checksum, so that the body is what is tested) decodes or
// is an error, never a crash; what decodes re-encodes to a token that decodes to the same steps.
TEST(ScheduleTest, RandomTokensDecodeOrFail) {
  const std::string alphabet = "abzAZ{}!.()0123456789x-";
  uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(seed >> 33);
  };
  int decoded = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string body = "lc2:";
    const size_t length = next() % 24;
    for (size_t i = 0; i < length; ++i) body += alphabet[next() % alphabet.size()];
    // Half signed (the body is parsed), half as typed (the checksum refuses nearly all).
    std::string token = n % 2 ? SignScheduleText(body) : body;
    std::optional<size_t> loop_start;
    absl::StatusOr<Schedule> s = DecodeSchedule(token, &loop_start);
    if (!s.ok()) continue;
    ++decoded;
    ASSERT_LE(s->size(), 50'000'000u) << token;
    if (s->size() > 100'000) continue;
    std::optional<size_t> again_start;
    absl::StatusOr<Schedule> again = DecodeSchedule(EncodeSchedule(*s, loop_start), &again_start);
    ASSERT_TRUE(again.ok()) << token;
    EXPECT_EQ(*again, *s) << token;
    EXPECT_EQ(again_start, loop_start) << token;
  }
  EXPECT_GT(decoded, 100);
}

TEST(VisitedSetTest, InsertsOnceAndGrows) {
  VisitedSet set(16);
  for (uint64_t i = 1; i <= 100000; ++i) EXPECT_TRUE(set.Insert(i * 0x9E3779B97F4A7C15ull | 1));
  for (uint64_t i = 1; i <= 100000; ++i) EXPECT_FALSE(set.Insert(i * 0x9E3779B97F4A7C15ull | 1));
  EXPECT_EQ(set.size(), 100000u);
  EXPECT_LT(set.CollisionOdds(), 1e-8);  // 10^10 / 2^61
}

TEST(VisitedSetTest, HoldsAtMostNineAndAQuarterBytesPerState) {
  VisitedSet set(16);
  for (uint64_t i = 1; i <= 2'000'000; ++i) {
    set.Insert(i * 0x9E3779B97F4A7C15ull | 1);
    if (i >= 10'000) {  // 7-byte slots from 2^13 slots up, 6 from 2^19; 0.77 full at least
      ASSERT_LE(static_cast<double>(set.bytes()) / set.size(), 9.25) << i;
    }
  }
  for (uint64_t i = 1; i <= 2'000'000; i += 997) ASSERT_TRUE(set.Contains(i * 0x9E3779B97F4A7C15ull | 1));
  EXPECT_FALSE(set.Contains(2));
}

TEST(SharedVisitedSetTest, WorkersInsertingTogetherStoreEachFingerprintOnce) {
  SharedVisitedSet set(/*concurrent=*/true, /*hash_seed=*/0);
  std::atomic<int> fresh{0};
  // Both workers insert the same 200,000 fingerprints, in opposite orders.
  auto insert = [&](bool backwards) {
    for (uint64_t k = 1; k <= 200'000; ++k) {
      uint64_t i = backwards ? 200'001 - k : k;
      if (set.Insert(i * 0x9E3779B97F4A7C15ull | 1)) ++fresh;
    }
  };
  std::thread other(insert, true);
  insert(false);
  other.join();
  EXPECT_EQ(fresh.load(), 200'000);
  EXPECT_EQ(set.size(), 200'000u);
  EXPECT_FALSE(set.Insert(7 * 0x9E3779B97F4A7C15ull | 1));
  EXPECT_LE(static_cast<double>(set.bytes()) / set.size(), 12.5);  // 64 small tables
}

}  // namespace
}  // namespace lockcheck
