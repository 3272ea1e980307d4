// Cryptography for secrets at rest and webhook authentication (OpenSSL).
//
// SecretBox seals credentials with AES-256-GCM under a key from the
// environment; each sealed value is "v1" || 12-byte random nonce ||
// ciphertext || 16-byte tag, and the associated data (e.g. the integration
// id) binds a ciphertext to its row.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace clara::crypto {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// Raw HMAC-SHA256 (32 bytes).
std::string HmacSha256(std::string_view key, std::string_view data);
// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// `n` bytes from OpenSSL's CSPRNG.
std::string RandomBytes(size_t n);
std::string HexEncode(std::string_view bytes);

class SecretBox {
 public:
  // `base64_key` must decode to exactly 32 bytes. INVALID_ARGUMENT otherwise
  // (the message never contains the key).
  static absl::StatusOr<SecretBox> FromBase64Key(std::string_view base64_key);

  // Seals `plaintext`; `associated_data` must be given again to Open.
  absl::StatusOr<std::string> Seal(std::string_view plaintext, std::string_view associated_data) const;
  // Opens a sealed value. DATA_LOSS when it was tampered with, sealed under
  // another key, or with other associated data.
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view associated_data) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace clara::crypto
