// JSON:API readers (common/teamtailor_json.*): JobFromJsonApi and
// CandidateFromJsonApi on any JSON documents an API answer could carry
// (Teamtailor, or whatever answers at its URL). Input: a JSON document; a
// two-element array [candidate document, applications] gives the two
// documents CandidateFromJsonApi reads, anything else is passed as both.
#include <cstddef>
#include <cstdint>

#include "common/teamtailor_json.h"
#include "tools/fuzzers/fuzz_check.h"

namespace {
// CandidateFromJsonApi(doc, applications, job_id); the older (doc, job_id)
// form while that change is not in every checkout (remove then).
template <typename Json>
auto Candidate(const Json& doc, const Json& applications, int64_t job_id) {
  if constexpr (requires { clara::teamtailor::CandidateFromJsonApi(doc, applications, job_id); }) {
    return clara::teamtailor::CandidateFromJsonApi(doc, applications, job_id);
  } else {
    return clara::teamtailor::CandidateFromJsonApi(doc, job_id);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace tt = clara::teamtailor;
  const auto doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return 0;

  auto job = tt::JobFromJsonApi(doc);
  if (job.ok()) {
    std::string wire;
    FUZZ_CHECK(job->SerializeToString(&wire));
  } else {
    FUZZ_CHECK(job.status().code() == absl::StatusCode::kInvalidArgument);
  }
  const bool pair = doc.is_array() && doc.size() == 2;
  const nlohmann::json& candidate_doc = pair ? doc[0] : doc;
  const nlohmann::json& applications = pair ? doc[1] : doc;
  for (int64_t job_id : {int64_t{0}, int64_t{7}}) {
    auto candidate = Candidate(candidate_doc, applications, job_id);
    if (candidate.ok()) {
      if (job_id != 0 && candidate->application_id != 0) FUZZ_CHECK(candidate->job_id == job_id);
    } else {
      FUZZ_CHECK(candidate.status().code() == absl::StatusCode::kInvalidArgument);
    }
  }
  return 0;
}
