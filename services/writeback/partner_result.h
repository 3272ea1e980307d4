// What write-back sends to Teamtailor, built from a screening result (no
// I/O): the partner-result document and CLARA's tag merge.
#pragma once

#include <string>
#include <vector>

#include "clara/screening/v1/screening.pb.h"
#include "nlohmann/json.hpp"

namespace clara::writeback {

// The PUT body for /partner/v1/partner-results/{id}: status completed,
// score, grade, a summary of at most 150 characters, per-criterion details
// (two levels), assessment-criteria scores, and the result's CLARA link.
nlohmann::json PartnerResultDocument(const std::string& partner_result_id, const screening::v1::ScreeningResult& result,
                                     const std::string& report_url);

// The tag list to write: every tag that is not CLARA's kept as it was (and
// in its order), CLARA's stale tags removed, `clara_tags` added. CLARA's
// tags are those starting with "clara-" (case-insensitive).
std::vector<std::string> MergeTags(const std::vector<std::string>& current, const std::vector<std::string>& clara_tags);

// Cuts UTF-8 text to at most `max_bytes` without splitting a character,
// ending with "…" when cut.
std::string Truncate(const std::string& text, size_t max_bytes);

}  // namespace clara::writeback
