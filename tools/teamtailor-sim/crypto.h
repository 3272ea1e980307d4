// Small crypto helpers for the simulator: HMAC-SHA256 for partner-event signatures and signed
// resume URLs, and a deterministic UUID/hex generator for event and partner-result ids.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include "absl/strings/string_view.h"

namespace clara::ttsim {

// Lower-case hex of HMAC_SHA256(key, message).
std::string HmacSha256Hex(absl::string_view key, absl::string_view message);

// Lower-case hex of SHA256(data).
std::string Sha256Hex(absl::string_view data);

// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

// A random 64-bit value from the OS (for seeds that must differ between runs).
uint64_t RandomSeed();

// Deterministic generator of v4-shaped UUIDs and hex strings: the n-th value is
// SHA-256("<seed>:<kind>:<n>"), so a given seed always yields the same sequence. Thread-safe.
class IdGenerator {
 public:
  explicit IdGenerator(uint64_t seed) : seed_(seed) {}
  // "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
  std::string NextUuid(absl::string_view kind);
  // `chars` lower-case hex characters (at most 64).
  std::string NextHex(absl::string_view kind, int chars);

 private:
  std::string NextDigest(absl::string_view kind);

  const uint64_t seed_;
  std::mutex mu_;
  uint64_t counter_ = 0;
};

}  // namespace clara::ttsim
