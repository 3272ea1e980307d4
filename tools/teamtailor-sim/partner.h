// The partner (marketplace) side of Teamtailor as pure functions: the partner-event body sent to
// {base}/webhook, its Teamtailor-Signature header, and the validation rules for partner results
// written back with PUT/POST /partner/v1/partner-results.
#pragma once

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/time/time.h"
#include "tools/teamtailor-sim/json_api.h"
#include "tools/teamtailor-sim/model.h"

namespace clara::ttsim {

inline constexpr const char* kPartnerResultStatuses[] = {"sending", "sent", "pending",
                                                         "completed", "failed"};
inline constexpr const char* kPartnerResultGrades[] = {"top_fit", "might_be_fit",
                                                       "might_not_be_fit", "unknown"};

bool IsPartnerResultStatus(absl::string_view s);

// "t=<unix>,v1=<hex(HMAC_SHA256(secret, "<t>.<event_id>"))>,v0=<decoy>".
std::string PartnerSignatureHeader(absl::string_view secret, int64_t t, absl::string_view event_id,
                                   absl::string_view decoy_hex);

struct PartnerEventInput {
  std::string event_id;
  std::string partner_result_id;
  std::string update_url;
  std::string resume_url;  // empty: no resume
  int64_t job_application_id = 0;
  int64_t triggered_by_user_id = 0;  // 0: null
};

// The JSON body of a partner event for the application, shaped as in the contract (numeric ids).
// The application, its candidate, job and stage must exist.
Json BuildPartnerEvent(const Company& c, const PartnerEventInput& in);

// The answer to one question in partner-event form: Boolean "yes"/"no", Choice [titles],
// Range "<n> <unit>", Text the text.
Json AnswerForEvent(const Question& q, const Answer& a);

// Validates data.attributes of a partner-result write. `create` (POST) additionally requires
// status and a numeric candidate-id. Returns one 422 ApiError per problem (empty = valid).
std::vector<ApiError> ValidatePartnerResultAttributes(const Json& attributes, bool create);

// True for absolute http:// or https:// URLs with a host.
bool IsHttpUrl(absl::string_view url);

}  // namespace clara::ttsim
