// Human-readable parts of a result: per-criterion explanations, the summary
// for Teamtailor (at most 150 characters), tags and follow-up questions in
// the job's language (en, sv, de; English otherwise).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clara/screening/v1/screening.pb.h"

namespace clara::screening::engine {

namespace v1 = ::clara::screening::v1;

// What the scorer knows about one criterion when writing text about it.
struct CriterionFacts {
  // Views into the compiled rubric (valid for the duration of Score()).
  std::string_view short_label;  // "Python", "English C1", "Truckkort A+B"
  std::string_view label;        // the requirement as the ad states it
  v1::CriterionKind kind = v1::CRITERION_KIND_CUSTOM;
  bool must = true;
  v1::Verdict verdict = v1::VERDICT_UNKNOWN;
  int months = -1;           // computed experience, -1 if not applicable
  int min_months = 0;
  int level = 0;             // language level found (1..6)
  int min_level = 0;
  std::string_view reason;       // short reason code, see summary.cc
};

// One sentence a candidate could be given about this verdict.
std::string Explanation(const CriterionFacts& f);

// "Pre-qualified: 5/5 must-haves met (Python 8 yrs, PostgreSQL, REST); nice:
// Kafka, k8s" — at most 150 characters (code points).
std::string Summary(v1::QualificationLevel q, bool knockout_failed,
                    const std::vector<CriterionFacts>& facts);

// A follow-up question for an unknown must-have in `lang` (en/sv/de;
// English otherwise). Non-English questions quote the ad's own wording.
v1::FollowUpQuestion FollowUp(const std::string& criterion_id,
                              const CriterionFacts& f, std::string_view lang);

// "8.4" years from months.
std::string YearsText(int months);

// Truncates to at most `max` code points at a word boundary, adding "…".
std::string TruncateText(std::string_view s, size_t max);

}  // namespace clara::screening::engine
