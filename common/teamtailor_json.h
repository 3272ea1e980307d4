// Teamtailor documents → the protos CLARA works with (no I/O): the one
// conversion of jobs, candidates and partner events, used by ingest and by
// the eval tool alike (teamtailor-contract.md §1, §2).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "nlohmann/json.hpp"

namespace clara::teamtailor {

// A `GET /v1/jobs/{id}?include=questions,picked-questions,locations`
// document → Job. INVALID_ARGUMENT when it is not a jobs document.
absl::StatusOr<screening::v1::Job> JobFromJsonApi(const nlohmann::json& doc);

// What CLARA reads of a `GET /v1/candidates/{id}` document and the
// candidate's applications (the `data` of
// `GET /v1/candidates/{id}/job-applications?include=job`: only with
// include=job does an application carry relationships.job.data) for one job.
struct CandidateDetails {
  std::string resume_url;    // fresh signed URL, may be empty
  std::string pitch;
  std::string cover_letter;  // of the application to `job_id`
  int64_t job_id = 0;        // the application's job when the event had none
  int64_t application_id = 0;
};
absl::StatusOr<CandidateDetails> CandidateFromJsonApi(const nlohmann::json& doc, const nlohmann::json& applications,
                                                      int64_t job_id);

// How deep a partner event's JSON may nest (objects and arrays); the
// contract's events nest 5 deep.
inline constexpr int kMaxPartnerEventDepth = 64;

// One linear pass over JSON text, before any parser sees it:
// RESOURCE_EXHAUSTED when objects/arrays nest deeper than `max_depth` (a
// parser's time and stack grow with depth); INVALID_ARGUMENT when a string
// holds a NUL (a raw byte or \u0000: PostgreSQL text cannot hold it and C
// strings stop at it, so two ids could collide). Nothing else is validated.
absl::Status CheckJsonText(std::string_view json, int max_depth);

// Parses a partner-webhook body (protobuf JSON parsing into the kebab-case
// json_names of clara.ingest.v1; unknown fields are tolerated) after
// CheckJsonText(body, kMaxPartnerEventDepth), whose errors it returns.
// INVALID_ARGUMENT for malformed JSON or a body without partner-event.id,
// partner-result.update-url or candidate.id.
absl::StatusOr<ingest::v1::PartnerWebhook> ParsePartnerWebhook(const std::string& body);

// The evidence ingest stores for an event: the résumé text it extracted (or
// why it could not), the pitch and cover letter re-read from the API
// (`details`; the event's pitch when the API has none) and the event's
// answers as sent. fetched_at is left to the caller.
ingest::v1::StoredEvidence StoredEvidenceFor(const ingest::v1::PartnerEvent& event, const CandidateDetails& details,
                                             std::string resume_text, std::string resume_problem);

}  // namespace clara::teamtailor
