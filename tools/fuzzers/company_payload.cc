// Company-webhook body scan (services/ingest/webhook.*, common/teamtailor_json.*):
// what POST /teamtailor/company-webhook does before it trusts anything —
// CheckJsonText, then RawMember(body, "payload"), the linear scan that finds
// the exact bytes the TT-Signature covers — plus a differential check
// against a full JSON parser: when nlohmann accepts the body as an object
// with a "payload" member (and the depth check passed), the scan must find
// a payload, and what it found must itself be JSON. Input: the body.
#include <cstddef>
#include <cstdint>

#include "common/teamtailor_json.h"
#include "nlohmann/json.hpp"
#include "services/ingest/webhook.h"
#include "tools/fuzzers/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace tt = clara::teamtailor;
  const std::string body = clara::fuzz::Bytes(data, size);
  const absl::Status text = tt::CheckJsonText(body, tt::kMaxPartnerEventDepth);
  FUZZ_CHECK(text.ok() || text.code() == absl::StatusCode::kInvalidArgument ||
             text.code() == absl::StatusCode::kResourceExhausted);

  auto raw = clara::ingest::RawMember(body, "payload");
  if (raw.ok()) {
    FUZZ_CHECK(!raw->empty());
    FUZZ_CHECK(body.find(*raw) != std::string::npos);  // bytes of the body, as sent
  } else {
    FUZZ_CHECK(raw.status().code() == absl::StatusCode::kInvalidArgument);
  }
  if (!text.ok()) return 0;  // the endpoint refuses such a body before the scan

  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object() && doc.contains("payload")) {
    FUZZ_CHECK(raw.ok());
    const auto payload = nlohmann::json::parse(*raw, nullptr, false);
    FUZZ_CHECK(!payload.is_discarded());
  }
  if (raw.ok()) {
    // What the endpoint does next with the bytes: parse them (never throws).
    const auto payload = nlohmann::json::parse(*raw, nullptr, false);
    (void)payload;
  }
  return 0;
}
