// Partner webhook body (services/ingest/webhook.*, common/teamtailor_json.*):
// the steps POST /teamtailor/webhook runs on a body, in its order —
// CheckJsonText (depth and NUL), PartnerEventId (the linear scan for the id
// the signature covers), ParsePartnerWebhook (protobuf JSON parse) — and
// StoredEvidenceFor on what parsed. Input: the body.
#include <cstddef>
#include <cstdint>

#include "common/teamtailor_json.h"
#include "services/ingest/webhook.h"
#include "tools/fuzzers/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace tt = clara::teamtailor;
  const std::string body = clara::fuzz::Bytes(data, size);
  const absl::Status text = tt::CheckJsonText(body, tt::kMaxPartnerEventDepth);
  // The scan is public and must hold on any bytes, checked or not.
  auto id = clara::ingest::PartnerEventId(body);
  if (id.ok()) FUZZ_CHECK(id->size() <= 1024 * 6);
  auto hook = clara::ingest::ParsePartnerWebhook(body);
  if (!hook.ok()) {
    FUZZ_CHECK(!hook.status().message().empty());
    return 0;
  }
  FUZZ_CHECK(text.ok());  // ParsePartnerWebhook runs CheckJsonText first
  const auto& e = hook->partner_event();
  FUZZ_CHECK(!e.id().empty() && e.id().size() <= 200);
  FUZZ_CHECK(e.id().find('\0') == std::string::npos);
  FUZZ_CHECK(!e.partner_result().update_url().empty());
  FUZZ_CHECK(e.partner_result().update_url().find('\0') == std::string::npos);
  FUZZ_CHECK(e.candidate().id() > 0);
  auto evidence = tt::StoredEvidenceFor(e, tt::CandidateDetails{}, "text", "");
  FUZZ_CHECK(evidence.event_id() == e.id());
  FUZZ_CHECK(evidence.answers_size() == e.candidate().questions_size());
  std::string wire;
  FUZZ_CHECK(hook->SerializeToString(&wire));
  return 0;
}
