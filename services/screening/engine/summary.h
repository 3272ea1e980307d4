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
  // Display labels of the criterion's taxonomy terms (the alternatives of a
  // multi-select follow-up question); may be null.
  const std::vector<std::string>* term_labels = nullptr;
  // A knock-out question with a yes/no rule: the follow-up asks it as
  // written (`label`), and the answer is judged by the recruiter's rule.
  bool verbatim = false;
};

// Follow-up questions and answers (see README "Follow-up questions and
// answers"). A "yes" meets a declarative criterion (work authorization,
// location, licence, knock-out question, custom); for every other kind it
// is a claim (partial).
bool DeclarativeKind(v1::CriterionKind kind);

// Skill-like criteria (skills and anything not declarative, years, language,
// education or certification): asked "have you used …", or a multi-select of
// their terms when there are two or more.
bool SkillLikeKind(v1::CriterionKind kind);

// The level of a language follow-up alternative: "A1".."C2" = 1..6,
// "Native" / "Modersmål" / "Muttersprache" = 6 (case-insensitive); 0 if none.
int FollowUpLevel(std::string_view choice);

// True for the multi-select's last alternative ("None of these", "Inget av
// dessa", "Nichts davon"; case-insensitive).
bool IsNoneAlternative(std::string_view choice);

// One sentence a candidate could be given about this verdict.
std::string Explanation(const CriterionFacts& f);

// "Pre-qualified: 5/5 must-haves met (Python 8 yrs, PostgreSQL, REST); nice:
// Kafka, k8s" — at most 150 characters (code points).
std::string Summary(v1::QualificationLevel q, bool knockout_failed,
                    const std::vector<CriterionFacts>& facts);

// A follow-up question for an unknown must-have in `lang` (en/sv/de;
// English otherwise). Non-English questions quote the ad's own wording.
//   experience years      -> RANGE 0..50, unit "years" / "år" / "Jahre"
//   language              -> CHOICE (single): A1..C2 + Native
//   declarative kinds, education, certification -> BOOLEAN
//   skill-like, >= 2 terms -> CHOICE (multiple): term labels + "None of these"
//   other skill-like      -> BOOLEAN "Have you used $ in your work?"
v1::FollowUpQuestion FollowUp(const std::string& criterion_id,
                              const CriterionFacts& f, std::string_view lang);

// "8.4" years from months.
std::string YearsText(int months);

// Truncates to at most `max` code points at a word boundary, adding "…".
std::string TruncateText(std::string_view s, size_t max);

}  // namespace clara::screening::engine
