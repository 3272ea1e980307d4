// Knock-out rules an admin sets per job (Rubric.knockout_rules): checking
// them against the job's questions, putting them where rubric derivation
// links them to criteria, re-linking them in an edited rubric, and suggesting
// rules from the questions and the ad.
//
// Teamtailor questions carry no knock-out attribute, so a rule always comes
// from CLARA's configuration (UpdateRubric, `claractl set-knockout`) — or, in
// the eval tool, from the golden set's `knockout` field, which stands for it.
//
//   auto job_with_rules = ApplyKnockoutRules(job, rubric.knockout_rules());
//   auto rubric = DeriveRubricWithRules(job, rules, Taxonomy::Default());
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "clara/screening/v1/screening.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/screening/engine/taxonomy.h"

namespace clara::screening::engine {

namespace v1 = ::clara::screening::v1;

using KnockoutRules = google::protobuf::RepeatedPtrField<v1::KnockoutRule>;

// Returns `job` with each rule set as its question's knockout (a Range rule
// without a unit gets the question's unit). Questions without a rule keep
// theirs. INVALID_ARGUMENT naming the question when a rule names no question
// of the job, names one twice, has no rule, or does not fit the question's
// type (Boolean → expect_boolean; Choice → expect_any_of, non-empty, values
// among the alternatives; Range → expect_min >= 0; Text and Video take none).
absl::StatusOr<v1::Job> ApplyKnockoutRules(const v1::Job& job, const KnockoutRules& rules);

// Derives the job's rubric with `rules` applied (ApplyKnockoutRules, then
// DeriveRubricFromJob links each to the must-have it tests or makes it a
// knock-out criterion); the rubric carries the rules and its content hash
// covers them. INVALID_ARGUMENT as ApplyKnockoutRules, or when the job has no
// title.
absl::StatusOr<v1::Rubric> DeriveRubricWithRules(const v1::Job& job, const KnockoutRules& rules,
                                                 const Taxonomy& taxonomy);

// Replaces the knock-out links of an edited rubric by those of `rules`: links
// of other rules are removed (knock-out question criteria dropped, other
// criteria unlinked), then each rule is linked to the criterion of the same id
// the derivation links it to, or added as a knock-out criterion. Criteria the
// admin edited stay as they are. The result carries `rules` and a fresh
// content hash. INVALID_ARGUMENT as DeriveRubricWithRules.
absl::StatusOr<v1::Rubric> RelinkKnockoutRules(const v1::Job& job, const v1::Rubric& edited,
                                               const KnockoutRules& rules, const Taxonomy& taxonomy);

// Suggested rules for the questions that have none in `rubric`, in question
// order, from the question and the ad:
//   Boolean whose title tests a must-have criterion → expect true;
//   Range linked to an experience-years must-have → its minimum, in the
//     question's unit (months or years);
//   Choice whose alternatives name a must-have's terms → those alternatives.
// Every suggestion passes ApplyKnockoutRules. Deterministic.
std::vector<v1::KnockoutRule> SuggestKnockoutRules(const v1::Job& job, const v1::Rubric& rubric,
                                                   const Taxonomy& taxonomy);

}  // namespace clara::screening::engine
