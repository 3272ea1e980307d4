// Teamtailor company webhooks as pure functions: the event name for a resource and action, the
// "payload" object, its v2 signature and the body that carries both.
//
// The signature covers the exact bytes of the payload text, so the text is produced once and
// spliced into the body unchanged; a receiver verifies over the raw bytes of the "payload" member
// it received, never over a re-serialization (key order and escapes could differ):
//
//   std::string payload = CompanyWebhookPayloadText("job.update", CompanyWebhookData(job));
//   std::string signature = CompanyWebhookSignature(secret, t, payload);
//   std::string body = CompanyWebhookBody(payload, signature);
//   // POST body with "TT-Signature: <signature>".
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/teamtailor-sim/json_api.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

// "job.create", "candidate.destroy", "job_application.update", ... for a JSON:API type (jobs,
// candidates, job-applications) and an action (create, update, destroy). Empty for other types.
std::string CompanyWebhookEventName(absl::string_view resource_type, absl::string_view action);

// The payload's "data": {"id","type","attributes":{…kebab-case, as /v1 renders them…},
// "relationships":{name:{"data":linkage}}} with the relationships Teamtailor's public API has for
// the type: jobs department, role, user, locations, stages; candidates job-applications;
// job-applications candidate, job, stage, reject-reason. No links.
Json CompanyWebhookData(const Resource& r);

// The compact JSON text of {"event_name":…,"data":…} (UTF-8 as is, no spaces).
std::string CompanyWebhookPayloadText(absl::string_view event_name, const Json& data);

// base64("t=<t>,v2=<hex(HMAC_SHA256(secret, "<t>." + payload_text))>") — the TT-Signature value.
std::string CompanyWebhookSignature(absl::string_view secret, int64_t t,
                                    absl::string_view payload_text);

// {"payload":<payload_text>,"signature":"<signature>"} with payload_text spliced in byte for byte.
std::string CompanyWebhookBody(absl::string_view payload_text, absl::string_view signature);

}  // namespace clara::ttsim
