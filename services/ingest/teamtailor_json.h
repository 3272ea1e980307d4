// Teamtailor JSON:API documents → the protos CLARA works with (no I/O).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "nlohmann/json.hpp"

namespace clara::ingest {

// A `GET /v1/jobs/{id}?include=questions,picked-questions,locations`
// document → Job. INVALID_ARGUMENT when it is not a jobs document.
absl::StatusOr<screening::v1::Job> JobFromJsonApi(const nlohmann::json& doc);

// What CLARA reads of a `GET /v1/candidates/{id}?include=job-applications`
// document for one job.
struct CandidateDetails {
  std::string resume_url;    // fresh signed URL, may be empty
  std::string pitch;
  std::string cover_letter;  // of the application to `job_id`
  int64_t job_id = 0;        // the application's job when the event had none
  int64_t application_id = 0;
};
absl::StatusOr<CandidateDetails> CandidateFromJsonApi(const nlohmann::json& doc, int64_t job_id);

}  // namespace clara::ingest
