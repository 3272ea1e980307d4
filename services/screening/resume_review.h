// A result whose résumé CLARA could not get or read (no I/O): the download
// failed for good, or the PDF sandbox refused the file (ingest's
// StoredEvidence.resume_needs_review). Scoring without the résumé would look
// like a judgement on the candidate, so the result goes to a person instead.
//
//   if (evidence.resume_needs_review()) result = NeedsReviewForResume(std::move(result), evidence.resume_problem());
#pragma once

#include <string>

#include "clara/screening/v1/screening.pb.h"

namespace clara::screening {

// The tag of a result whose résumé could not be read.
inline constexpr char kResumeUnreadableTag[] = "clara-resume-unreadable";

// `result` as needs_review because of its résumé: qualification
// NEEDS_REVIEW, grade UNKNOWN (the score stays: it rests on answers, pitch
// and cover letter only), review_reason = `problem`, a summary that starts
// with it, no follow-up questions (a person reviews anyway), tags
// clara-grade-unknown, clara-needs-review and clara-resume-unreadable in
// place of the grade, pre-qualified and follow-up tags.
v1::ScreeningResult NeedsReviewForResume(v1::ScreeningResult result, const std::string& problem);

}  // namespace clara::screening
