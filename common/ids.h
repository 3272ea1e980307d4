// Identifier checks shared by the gRPC adapters: tenant and resource ids are
// UUIDs, and a malformed one is treated exactly like a missing one.
#pragma once

#include <string>

namespace clara {

// True when `id` is a canonical 8-4-4-4-12 hex UUID.
inline bool IsUuid(const std::string& id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = id[i];
    if (dash != (c == '-')) return false;
    if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace clara
