// Tests of rate_limiter.h with a fake clock.
#include "tools/teamtailor-sim/rate_limiter.h"

#include <gtest/gtest.h>

namespace clara::ttsim {
namespace {

TEST(RateLimiterTest, GrantsLimitPerWindowThenRefusesUntilTokensReturn) {
  FakeClock clock(absl::FromUnixSeconds(1767225600));
  RateLimiter limiter(3, absl::Seconds(10), &clock);
  const struct {
    int advance_ms;
    bool allowed;
    int remaining;
    int retry_after;
  } kSteps[] = {
      {0, true, 2, 0},     // t=0
      {4000, true, 1, 0},  // t=4
      {0, true, 0, 0},     // t=4
      {0, false, 0, 6},    // first token returns at t=10
      {5999, false, 0, 1},  // t=9.999
      {1, true, 0, 0},     // t=10: the t=0 token came back and is spent again
      {0, false, 0, 4},    // next token returns at t=14
      {4000, true, 1, 0},  // t=14: both t=4 tokens came back
  };
  int step = 0;
  for (const auto& s : kSteps) {
    SCOPED_TRACE(step++);
    clock.Advance(absl::Milliseconds(s.advance_ms));
    RateLimiter::Decision d = limiter.Acquire("k");
    EXPECT_EQ(d.allowed, s.allowed);
    EXPECT_EQ(d.limit, 3);
    EXPECT_EQ(d.remaining, s.remaining);
    if (!s.allowed) {
      EXPECT_EQ(d.retry_after_seconds, s.retry_after);
    }
  }
}

TEST(RateLimiterTest, KeysAreIndependentAndStatsCountWindowMaximum) {
  FakeClock clock(absl::FromUnixSeconds(1767225600));
  RateLimiter limiter(2, absl::Seconds(10), &clock);
  for (int i = 0; i < 3; ++i) {
    limiter.RecordRequest("a");
    limiter.Acquire("a");
  }
  limiter.RecordRequest("b");
  EXPECT_TRUE(limiter.Acquire("b").allowed);
  clock.Advance(absl::Seconds(10));
  limiter.RecordRequest("a");
  EXPECT_TRUE(limiter.Acquire("a").allowed);

  auto stats = limiter.Stats();
  EXPECT_EQ(stats["a"].requests, 4);
  EXPECT_EQ(stats["a"].rate_limited, 1);
  EXPECT_EQ(stats["a"].max_in_window, 3);  // the three at t=0; the one at t=10 is a new window
  EXPECT_EQ(stats["b"].requests, 1);
  EXPECT_EQ(stats["b"].rate_limited, 0);
  EXPECT_EQ(stats["b"].max_in_window, 1);
}

}  // namespace
}  // namespace clara::ttsim
