// Derives a rubric (criteria + warnings) from a Teamtailor job.
//
// The job body's requirement lines come from ExtractRequirements
// (requirements.h: structure and modality, vocabulary in data/lang/*).
// Each requirement line becomes one or more criteria: languages with their
// CEFR level, licences with their classes, work authorization, minimum years
// of experience (roles or skills named in the bullet), education,
// certifications and skills; a line the taxonomy knows nothing of becomes a
// generic criterion (its content words, stemmed: "kw:<stem>"), matched in the
// candidate's own experience text. A line with no content words at all is
// reported in Rubric.warnings as kNotEvaluableWarning + the line, for the
// admin to fix with UpdateRubric. Knock-out questions are linked to the
// criterion they test, or become knock-out criteria of their own.
//
// Criterion.terms holds taxonomy ids ("python", "lang_de"), licence classes
// ("lic_car:B") and modifiers:
//   mod:all       every term is required (else any one)
//   mod:strong    the ad asks for depth ("strong", "solid", "in production")
//   mod:training  a course/certificate satisfies it
//   mod:interest  stated interest satisfies it ("Interesse an …")
//   mod:b2b       business customers, not consumers
//   kw:STEM       a content word of a generic criterion (stem, matched as a
//                 word prefix; on one line, words weighing three halves —
//                 two distinctive words, or one and a common one — or all
//                 when they weigh less)
//   kw:=NAME      a name in it ("WSET", "HubSpot"): enough on its own
//   kw:~STEM      a common word (ESCO: "support", "manage"): weighs half
//   mod:experience the generic requirement asks for experience: a course or
//                 certificate line is then partial, not met
//   mod:alt=ID    an alternative of criterion ID ("Fagbrev … – eller minst to
//                 års erfaring"): ID is met when any of its alternatives is;
//                 the alternative itself does not count in the score
//   mod:with=ID   a sub-requirement of criterion ID ("… including written
//                 support"): plausible (unknown) while ID is met
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clara/screening/v1/screening.pb.h"
#include "services/screening/engine/taxonomy.h"

namespace clara::screening::engine {

namespace v1 = ::clara::screening::v1;

// Prefix of the rubric warning that names a requirement line the engine
// could not turn into an evaluable criterion.
inline constexpr char kNotEvaluableWarning[] = "requirement not evaluable, rephrase or edit: ";

// INVALID_ARGUMENT when the job has no title.
absl::StatusOr<v1::Rubric> DeriveRubricFromJob(const v1::Job& job,
                                               const Taxonomy& taxonomy);

// Warnings for vague or protected-attribute-proxy wording in `text`.
std::vector<std::string> RubricWarnings(std::string_view text);

// Similarity used to link a question to a criterion (also used by the eval
// tool to map label keys to criteria): shared taxonomy terms weigh 5,
// shared content words 1.
int TextSimilarity(const Taxonomy& taxonomy, std::string_view a,
                   std::string_view b);

}  // namespace clara::screening::engine
