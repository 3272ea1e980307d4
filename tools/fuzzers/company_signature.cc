// Company-webhook signature (services/ingest/webhook.*):
// VerifyCompanySignature on an attacker's `TT-Signature` header (base64 of
// "t=<unix>,v2=<hex>") over a payload. Input: the header on the first line,
// the raw payload below it.
#include <cstddef>
#include <cstdint>

#include "absl/strings/match.h"
#include "common/crypto.h"
#include "services/ingest/webhook.h"
#include "tools/fuzzers/fuzz_check.h"

namespace {
constexpr char kSecret[] = "fuzz-company-secret";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace clara::ingest;
  const auto [header, payload] = clara::fuzz::FirstLineAndRest(clara::fuzz::Bytes(data, size));

  const absl::Status s = VerifyCompanySignature(header, payload, kSecret, kNow);
  FUZZ_CHECK(s.ok() || s.code() == absl::StatusCode::kUnauthenticated);
  FUZZ_CHECK(!absl::StrContains(s.message(), kSecret));

  const std::string signed_header = SignCompanyPayload(payload, kSecret, kNow);
  FUZZ_CHECK(VerifyCompanySignature(signed_header, payload, kSecret, kNow).ok());
  FUZZ_CHECK(!VerifyCompanySignature(signed_header, payload + " ", kSecret, kNow).ok());
  FUZZ_CHECK(!VerifyCompanySignature(signed_header, payload, kSecret, kNow + absl::Minutes(6)).ok());
  return 0;
}
