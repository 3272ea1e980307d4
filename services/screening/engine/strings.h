// Small string helpers for std::string_view.
//
// Debian's Abseil 20220623 is built with its own absl::string_view (not an
// alias of std::string_view), so absl::StrSplit/StripAsciiWhitespace and
// heterogeneous flat_hash_map lookups need these bridges.
#pragma once

#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace clara::screening::engine {

inline absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view SV(absl::string_view s) { return {s.data(), s.size()}; }

inline std::string_view Strip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

inline std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
  return out;
}

inline bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

}  // namespace clara::screening::engine
