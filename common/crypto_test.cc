#include "common/crypto.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace clara::crypto {
namespace {

TEST(CryptoTest, KnownDigests) {
  // FIPS 180-2 and RFC 4231 test vectors.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

std::string Key(char fill) { return absl::Base64Escape(std::string(32, fill)); }

TEST(SecretBoxTest, RoundTripAndTamperDetection) {
  auto box = SecretBox::FromBase64Key(Key('k'));
  ASSERT_TRUE(box.ok()) << box.status();
  auto sealed = box->Seal("tt-api-key-123", "integration-1");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("tt-api-key-123"), std::string::npos);
  auto opened = box->Open(*sealed, "integration-1");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "tt-api-key-123");
  // Two seals of the same value differ (random nonce).
  EXPECT_NE(*sealed, *box->Seal("tt-api-key-123", "integration-1"));

  std::string flipped = *sealed;
  flipped[flipped.size() / 2] ^= 1;
  const struct {
    const char* name;
    std::string sealed;
    std::string ad;
    absl::StatusCode code;
  } kCases[] = {
      {"other associated data", *sealed, "integration-2", absl::StatusCode::kDataLoss},
      {"flipped bit", flipped, "integration-1", absl::StatusCode::kDataLoss},
      {"truncated", sealed->substr(0, 10), "integration-1", absl::StatusCode::kDataLoss},
      {"empty", "", "integration-1", absl::StatusCode::kDataLoss},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(box->Open(c.sealed, c.ad).status().code(), c.code);
  }
  auto other = SecretBox::FromBase64Key(Key('o'));
  EXPECT_EQ(other->Open(*sealed, "integration-1").status().code(), absl::StatusCode::kDataLoss);
}

TEST(SecretBoxTest, RejectsBadKeysWithoutEchoingThem) {
  for (const std::string& k : {std::string("not base64!!"), absl::Base64Escape("short"), std::string()}) {
    auto box = SecretBox::FromBase64Key(k);
    ASSERT_EQ(box.status().code(), absl::StatusCode::kInvalidArgument);
    if (!k.empty()) {
      EXPECT_EQ(box.status().message().find(k), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace clara::crypto
