// Implementation of crypto.h on OpenSSL.
#include "tools/teamtailor-sim/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <random>

#include "absl/strings/str_cat.h"

namespace clara::ttsim {
namespace {

std::string ToHex(const unsigned char* data, size_t len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xf]);
  }
  return out;
}

}  // namespace

std::string HmacSha256Hex(absl::string_view key, absl::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &out_len);
  return ToHex(out, out_len);
}

std::string Sha256Hex(absl::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return ToHex(out, sizeof(out));
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

uint64_t RandomSeed() {
  std::random_device rd;
  return (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

std::string IdGenerator::NextDigest(absl::string_view kind) {
  uint64_t n;
  {
    std::lock_guard<std::mutex> lock(mu_);
    n = ++counter_;
  }
  return Sha256Hex(absl::StrCat(seed_, ":", kind, ":", n));
}

std::string IdGenerator::NextUuid(absl::string_view kind) {
  std::string h = NextDigest(kind).substr(0, 32);
  h[12] = '4';                                    // version 4
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return absl::StrCat(h.substr(0, 8), "-", h.substr(8, 4), "-", h.substr(12, 4), "-",
                      h.substr(16, 4), "-", h.substr(20, 12));
}

std::string IdGenerator::NextHex(absl::string_view kind, int chars) {
  return NextDigest(kind).substr(0, static_cast<size_t>(chars));
}

}  // namespace clara::ttsim
