#include "common/page_token.h"

#include "gtest/gtest.h"

namespace clara {
namespace {

TEST(PageTokenTest, RoundTripsAndRefusesForeignTokens) {
  const KeysetPosition p{1732680000123456, "0f8e2d9c-1b2a-4c3d-9e8f-7a6b5c4d3e2f"};
  auto back = DecodePageToken(EncodePageToken(p));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->created_us, p.created_us);
  EXPECT_EQ(back->id, p.id);
  for (const std::string& bad : {std::string("garbage!"), absl::WebSafeBase64Escape("12345"),
                                 absl::WebSafeBase64Escape("abc:0f8e2d9c-1b2a-4c3d-9e8f-7a6b5c4d3e2f"),
                                 absl::WebSafeBase64Escape("12:not-a-uuid")}) {
    EXPECT_EQ(DecodePageToken(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace clara
