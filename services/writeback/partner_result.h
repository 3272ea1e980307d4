// What write-back sends to Teamtailor, built from a screening result (no
// I/O): the partner-result document and the tag merges.
#pragma once

#include <string>
#include <vector>

#include "clara/followups/v1/followups.pb.h"
#include "clara/screening/v1/screening.pb.h"
#include "nlohmann/json.hpp"

namespace clara::writeback {

// The PUT body for /partner/v1/partner-results/{id}: status completed,
// score, grade, a summary of at most 150 characters, per-criterion details
// (two levels; "Needs review" → "Reason" first when the result has a
// review_reason), assessment-criteria scores, the result's CLARA link (when
// `report_url` is set) and the "Re-screen" action button (Teamtailor POSTs
// the original event to {CLARA base}/rescreen when a recruiter presses it).
nlohmann::json PartnerResultDocument(const std::string& partner_result_id, const screening::v1::ScreeningResult& result,
                                     const std::string& report_url);

// The tag CLARA sets while it waits for a candidate's answers to follow-up
// questions (the only CLARA tag of a provisional result).
inline constexpr char kAwaitingAnswersTag[] = "clara-awaiting-answers";

// The PUT body for a provisional result that waits on `follow_up`: status
// pending, a summary of what CLARA is waiting for ("Waiting for the
// candidate's answers: Work permit, English C1"), the questions under
// details "Waiting for answers", and the Re-screen button. No score or
// grade: they are not final.
nlohmann::json PendingPartnerResultDocument(const std::string& partner_result_id,
                                            const followups::v1::FollowUp& follow_up, const std::string& report_url);

// The tag list to write: every tag that is not CLARA's kept as it was (and
// in its order), CLARA's stale tags removed, `clara_tags` added. CLARA's
// tags are those starting with "clara-" (case-insensitive).
std::vector<std::string> MergeTags(const std::vector<std::string>& current, const std::vector<std::string>& clara_tags);

// `current` with `tags` added (compared case-insensitively); nothing is ever
// removed, the order is kept. For Map Actions' add_tags.
std::vector<std::string> AddTags(const std::vector<std::string>& current, const std::vector<std::string>& tags);

// The endpoint of the partner result's action button, relative to CLARA's
// partner base URL.
inline constexpr char kRescreenEndpoint[] = "rescreen";

// Cuts UTF-8 text to at most `max_bytes` without splitting a character,
// ending with "…" when cut.
std::string Truncate(const std::string& text, size_t max_bytes);

}  // namespace clara::writeback
