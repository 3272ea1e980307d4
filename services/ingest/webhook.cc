#include "services/ingest/webhook.h"

#include <cstdlib>


#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/crypto.h"
#include "nlohmann/json.hpp"

namespace clara::ingest {

absl::StatusOr<std::string> BearerToken(const std::string& authorization) {
  absl::string_view v = absl::StripAsciiWhitespace(authorization);
  if (!absl::ConsumePrefix(&v, "Bearer ") && !absl::ConsumePrefix(&v, "bearer ")) {
    return absl::UnauthenticatedError("missing Authorization: Bearer <integration key>");
  }
  v = absl::StripAsciiWhitespace(v);
  if (v.empty()) return absl::UnauthenticatedError("empty bearer token");
  return std::string(v);
}

namespace {

struct PartnerSignature {
  int64_t t = -1;
  std::string v1;
};

absl::StatusOr<PartnerSignature> ParsePartnerSignature(const std::string& header, absl::Time now,
                                                       absl::Duration tolerance) {
  if (header.empty()) return absl::UnauthenticatedError("missing Teamtailor-Signature");
  PartnerSignature sig;
  for (absl::string_view part : absl::StrSplit(header, ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, "t=")) {
      if (!absl::SimpleAtoi(part, &sig.t)) return absl::UnauthenticatedError("malformed signature timestamp");
    } else if (absl::ConsumePrefix(&part, "v1=")) {
      sig.v1 = std::string(part);
    }
  }
  if (sig.t < 0 || sig.v1.empty()) return absl::UnauthenticatedError("signature lacks t= or v1=");
  if (absl::AbsDuration(now - absl::FromUnixSeconds(sig.t)) > tolerance) {
    return absl::UnauthenticatedError("signature timestamp outside tolerance");
  }
  return sig;
}

}  // namespace

absl::Status PrecheckPartnerSignature(const std::string& header, absl::Time now, absl::Duration tolerance) {
  return ParsePartnerSignature(header, now, tolerance).status();
}

absl::Status VerifyPartnerSignature(const std::string& header, const std::string& event_id,
                                    const std::string& secret, absl::Time now, absl::Duration tolerance) {
  auto parsed = ParsePartnerSignature(header, now, tolerance);
  if (!parsed.ok()) return parsed.status();
  const int64_t t = parsed->t;
  const std::string& v1 = parsed->v1;
  const std::string expected = crypto::HmacSha256Hex(secret, absl::StrCat(t, ".", event_id));
  if (!crypto::ConstantTimeEquals(expected, v1)) return absl::UnauthenticatedError("signature mismatch");
  return absl::OkStatus();
}

std::string SignPartnerEvent(const std::string& event_id, const std::string& secret, absl::Time t) {
  const int64_t unix = absl::ToUnixSeconds(t);
  return absl::StrCat("t=", unix, ",v1=", crypto::HmacSha256Hex(secret, absl::StrCat(unix, ".", event_id)),
                      ",v0=", crypto::HexEncode(crypto::RandomBytes(32)));
}

namespace {

void SkipSpace(const std::string& s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
}

// Moves `i` past a JSON string starting at s[i] == '"'. False when unterminated.
bool SkipString(const std::string& s, size_t& i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '"') { ++i; return true; }
  }
  return false;
}

// Moves `i` past any JSON value. False when malformed or too deep.
bool SkipValue(const std::string& s, size_t& i) {
  SkipSpace(s, i);
  if (i >= s.size()) return false;
  if (s[i] == '"') return SkipString(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    for (; i < s.size(); ++i) {
      if (s[i] == '"') {
        if (!SkipString(s, i)) return false;
        --i;
      } else if (s[i] == '{' || s[i] == '[') {
        if (++depth > 256) return false;
      } else if (s[i] == '}' || s[i] == ']') {
        if (--depth == 0) { ++i; return true; }
      }
    }
    return false;
  }
  const size_t start = i;
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n' &&
         s[i] != '\r' && s[i] != '\t') {
    ++i;
  }
  return i > start;
}

}  // namespace

absl::StatusOr<std::string> RawMember(const std::string& body, const std::string& name) {
  size_t i = 0;
  SkipSpace(body, i);
  if (i >= body.size() || body[i] != '{') return absl::InvalidArgumentError("body is not a JSON object");
  ++i;
  while (true) {
    SkipSpace(body, i);
    if (i < body.size() && body[i] == '}') break;
    if (i >= body.size() || body[i] != '"') return absl::InvalidArgumentError("malformed JSON object");
    const size_t key_start = i;
    if (!SkipString(body, i)) return absl::InvalidArgumentError("malformed JSON string");
    const std::string key = body.substr(key_start + 1, i - key_start - 2);
    SkipSpace(body, i);
    if (i >= body.size() || body[i] != ':') return absl::InvalidArgumentError("malformed JSON object");
    ++i;
    SkipSpace(body, i);
    const size_t value_start = i;
    if (!SkipValue(body, i)) return absl::InvalidArgumentError("malformed JSON value");
    if (key == name) return body.substr(value_start, i - value_start);
    SkipSpace(body, i);
    if (i < body.size() && body[i] == ',') {
      ++i;
      continue;
    }
    break;
  }
  return absl::InvalidArgumentError(absl::StrCat("body has no \"", name, "\" member"));
}

absl::StatusOr<std::string> PartnerEventId(const std::string& body) {
  auto event = RawMember(body, "partner-event");
  if (!event.ok()) return absl::InvalidArgumentError("partner-event is missing");
  auto raw_id = RawMember(*event, "id");
  if (!raw_id.ok()) return absl::InvalidArgumentError("partner-event.id is missing");
  // A JSON string literal (escapes undone); at most a few hundred bytes in a
  // valid event, and parsing a literal is linear.
  if (raw_id->size() > 1024) return absl::InvalidArgumentError("partner-event.id is too long");
  auto id = nlohmann::json::parse(*raw_id, nullptr, false);
  if (!id.is_string()) return absl::InvalidArgumentError("partner-event.id is not a string");
  return id.get<std::string>();
}

absl::Status VerifyCompanySignature(const std::string& header, const std::string& raw_payload,
                                    const std::string& secret, absl::Time now, absl::Duration tolerance) {
  std::string decoded;
  if (header.empty()) return absl::UnauthenticatedError("missing TT-Signature");
  if (!absl::Base64Unescape(header, &decoded)) return absl::UnauthenticatedError("TT-Signature is not base64");
  int64_t t = -1;
  std::string v2;
  for (absl::string_view part : absl::StrSplit(decoded, ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, "t=")) {
      if (!absl::SimpleAtoi(part, &t)) return absl::UnauthenticatedError("malformed signature timestamp");
    } else if (absl::ConsumePrefix(&part, "v2=")) {
      v2 = std::string(part);
    }
  }
  if (t < 0 || v2.empty()) return absl::UnauthenticatedError("TT-Signature lacks t= or v2=");
  if (absl::AbsDuration(now - absl::FromUnixSeconds(t)) > tolerance) {
    return absl::UnauthenticatedError("signature timestamp outside tolerance");
  }
  const std::string expected = crypto::HmacSha256Hex(secret, absl::StrCat(t, ".", raw_payload));
  if (!crypto::ConstantTimeEquals(expected, v2)) return absl::UnauthenticatedError("signature mismatch");
  return absl::OkStatus();
}

std::string SignCompanyPayload(const std::string& raw_payload, const std::string& secret, absl::Time t) {
  const int64_t unix = absl::ToUnixSeconds(t);
  return absl::Base64Escape(
      absl::StrCat("t=", unix, ",v2=", crypto::HmacSha256Hex(secret, absl::StrCat(unix, ".", raw_payload))));
}

}  // namespace clara::ingest
