// Partner signature and bearer parsing (services/ingest/webhook.*):
// BearerToken, PrecheckPartnerSignature and VerifyPartnerSignature on an
// attacker's `Authorization` / `Teamtailor-Signature` header. Input: the
// header on the first line, the event id below it.
#include <cstddef>
#include <cstdint>

#include "absl/strings/match.h"
#include "common/crypto.h"
#include "services/ingest/webhook.h"
#include "tools/fuzzers/fuzz_check.h"

namespace {
constexpr char kSecret[] = "fuzz-partner-secret";
// The time the seed corpus was signed at (tools/fuzzers/README.md).
const absl::Time kNow = absl::FromUnixSeconds(1700000000);
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clara::ingest;
  const auto [header, event_id] = clara::fuzz::FirstLineAndRest(clara::fuzz::Bytes(data, size));

  auto bearer = BearerToken(header);
  if (bearer.ok()) FUZZ_CHECK(!bearer->empty() && bearer->size() <= header.size());
  else FUZZ_CHECK(bearer.status().code() == absl::StatusCode::kUnauthenticated);

  const absl::Status pre = PrecheckPartnerSignature(header, kNow);
  const absl::Status full = VerifyPartnerSignature(header, event_id, kSecret, kNow);
  FUZZ_CHECK(pre.ok() || pre.code() == absl::StatusCode::kUnauthenticated);
  FUZZ_CHECK(full.ok() || full.code() == absl::StatusCode::kUnauthenticated);
  if (full.ok()) FUZZ_CHECK(pre.ok());          // the precheck never refuses what verifies
  if (!pre.ok()) FUZZ_CHECK(!full.ok());
  // No message ever carries the secret or the MAC a header should have had.
  FUZZ_CHECK(!absl::StrContains(full.message(), kSecret));
  std::string t;  // the t= of a header that starts with it (the seeds' form)
  if (header.rfind("t=", 0) == 0) t = header.substr(2, header.find(',') == std::string::npos ? std::string::npos : header.find(',') - 2);
  FUZZ_CHECK(!absl::StrContains(full.message(), clara::crypto::HmacSha256Hex(kSecret, t + "." + event_id)));

  // A header we sign for this id verifies; for another id it does not.
  const std::string signed_header = SignPartnerEvent(event_id, kSecret, kNow);
  FUZZ_CHECK(VerifyPartnerSignature(signed_header, event_id, kSecret, kNow).ok());
  FUZZ_CHECK(!VerifyPartnerSignature(signed_header, event_id + "x", kSecret, kNow).ok());
  return 0;
}
