#include "common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>

#include "absl/strings/escaping.h"

namespace clara::crypto {
namespace {
constexpr size_t kNonceSize = 12;
constexpr size_t kTagSize = 16;
constexpr std::string_view kVersion = "v1";

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;
}  // namespace

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HexEncode(HmacSha256(key, data));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::abort();  // No randomness means no safe operation is possible.
  }
  return out;
}

absl::StatusOr<SecretBox> SecretBox::FromBase64Key(std::string_view base64_key) {
  std::string key;
  if (!absl::Base64Unescape(absl::string_view(base64_key.data(), base64_key.size()), &key) || key.size() != 32) {
    return absl::InvalidArgumentError(
        "secret key must be the base64 encoding of exactly 32 bytes (e.g. `openssl rand -base64 32`)");
  }
  return SecretBox(std::move(key));
}

absl::StatusOr<std::string> SecretBox::Seal(std::string_view plaintext,
                                            std::string_view associated_data) const {
  const std::string nonce = RandomBytes(kNonceSize);
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  std::string out(kVersion);
  out += nonce;
  const size_t body = out.size();
  out.resize(body + plaintext.size() + kTagSize);
  auto* dst = reinterpret_cast<unsigned char*>(out.data() + body);
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr,
                         reinterpret_cast<const unsigned char*>(key_.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                        reinterpret_cast<const unsigned char*>(associated_data.data()),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), dst, &len,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), dst + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                          dst + plaintext.size()) != 1) {
    return absl::InternalError("encryption failed");
  }
  return out;
}

absl::StatusOr<std::string> SecretBox::Open(std::string_view sealed,
                                            std::string_view associated_data) const {
  if (sealed.size() < kVersion.size() + kNonceSize + kTagSize ||
      sealed.substr(0, kVersion.size()) != kVersion) {
    return absl::DataLossError("sealed secret is malformed");
  }
  const std::string_view nonce = sealed.substr(kVersion.size(), kNonceSize);
  std::string_view ct = sealed.substr(kVersion.size() + kNonceSize);
  std::string tag(ct.substr(ct.size() - kTagSize));
  ct.remove_suffix(kTagSize);
  std::string out(ct.size(), '\0');
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr,
                         reinterpret_cast<const unsigned char*>(key_.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                        reinterpret_cast<const unsigned char*>(associated_data.data()),
                        static_cast<int>(associated_data.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), dst, &len, reinterpret_cast<const unsigned char*>(ct.data()),
                        static_cast<int>(ct.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), dst + len, &len) != 1) {
    return absl::DataLossError("sealed secret failed authentication (wrong key or tampered)");
  }
  return out;
}

}  // namespace clara::crypto
