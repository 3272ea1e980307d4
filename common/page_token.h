// Keyset pagination tokens: the (created micros, uuid) of a page's last row,
// base64url-encoded, for queries ordered by (created_at, id).
//
//   KeysetPosition after = {.created_us = 0, .id = kFirstUuid};
//   if (!token.empty()) { CLARA_ASSIGN_OR_RETURN(after, DecodePageToken(token)); }
//   … WHERE (created_at, id) > (epoch + after.created_us µs, after.id) …
//   next = EncodePageToken({last_created_us, last_id});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"

namespace clara {

struct KeysetPosition {
  int64_t created_us = 0;
  std::string id;
};

inline std::string EncodePageToken(const KeysetPosition& p) {
  return absl::WebSafeBase64Escape(absl::StrCat(p.created_us, ":", p.id));
}

// INVALID_ARGUMENT for anything EncodePageToken did not make.
inline absl::StatusOr<KeysetPosition> DecodePageToken(const std::string& token) {
  std::string raw;
  std::vector<std::string> parts;
  if (absl::WebSafeBase64Unescape(token, &raw)) parts = absl::StrSplit(raw, ':');
  KeysetPosition p;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &p.created_us) || !IsUuid(parts[1])) {
    return absl::InvalidArgumentError("page_token is not one this service issued");
  }
  p.id = parts[1];
  return p;
}

}  // namespace clara
