// Teamtailor error answers (common/teamtailor_client.*): StatusFromResponse,
// which turns a non-2xx answer (its JSON:API `errors` body and Retry-After)
// into a Status. Input: first line "<http status> [<retry-after>]", the body
// below it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "common/teamtailor_client.h"
#include "tools/fuzzers/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [first, body] = clara::fuzz::FirstLineAndRest(clara::fuzz::Bytes(data, size));
  std::vector<std::string> words = absl::StrSplit(first, ' ', absl::SkipEmpty());
  clara::teamtailor::Response r;
  r.status = 422;
  if (!words.empty()) {
    long status = 0;
    if (absl::SimpleAtoi(words[0], &status)) r.status = status;
  }
  if (words.size() > 1) r.headers["retry-after"] = words[1];
  r.body = body;

  const absl::Status s = clara::teamtailor::StatusFromResponse("GET /jobs/{id}", r);
  FUZZ_CHECK(s.ok() == (r.status >= 200 && r.status < 300));
  if (s.ok()) return 0;
  FUZZ_CHECK(absl::StartsWith(s.message(), "Teamtailor GET /jobs/{id} answered "));
  // At most 5 details of at most 200 bytes: a huge errors array stays a short message.
  FUZZ_CHECK(s.message().size() <= 64 + 5 * (200 + 2));
  if (r.status == 429) {
    FUZZ_CHECK(s.code() == absl::StatusCode::kResourceExhausted);
    auto after = clara::GetRetryAfter(s);
    FUZZ_CHECK(after.has_value() && *after >= absl::ZeroDuration());
  }
  if (r.status >= 500) FUZZ_CHECK(s.code() == absl::StatusCode::kUnavailable);
  return 0;
}
