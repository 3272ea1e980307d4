#include "common/status.h"

#include "gtest/gtest.h"

namespace clara {
namespace {

absl::StatusOr<int> Half(int x) {
  if (x % 2 != 0) return absl::InvalidArgumentError("odd");
  return x / 2;
}

absl::StatusOr<int> Quarter(int x) {
  CLARA_ASSIGN_OR_RETURN(int h, Half(x));
  CLARA_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

absl::Status Check(int x) {
  CLARA_RETURN_IF_ERROR(Half(x).status());
  return absl::OkStatus();
}

TEST(StatusMacrosTest, PropagateFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Quarter(3).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Check(2).ok());
  EXPECT_EQ(Check(1).code(), absl::StatusCode::kInvalidArgument);
}

TEST(StatusMacrosTest, RetryAfterPayload) {
  absl::Status s = absl::ResourceExhaustedError("429");
  EXPECT_FALSE(GetRetryAfter(s).has_value());
  SetRetryAfter(s, absl::Seconds(7));
  ASSERT_TRUE(GetRetryAfter(s).has_value());
  EXPECT_EQ(*GetRetryAfter(s), absl::Seconds(7));
}

}  // namespace
}  // namespace clara
