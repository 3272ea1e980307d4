// Derives a rubric (criteria + warnings) from a Teamtailor job.
//
// The job body is read as sections ("What we are looking for", "Vi söker dig
// som", "Das bringst du mit" = must; "Nice to have", "Meriterande",
// "Wünschenswert", "Bonus points" = nice; tasks and offers are skipped).
// Each requirement bullet becomes one or more criteria: languages with their
// CEFR level, licences with their classes, work authorization, minimum years
// of experience (roles or skills named in the bullet), education,
// certifications and skills. Knock-out questions are linked to the criterion
// they test, or become knock-out criteria of their own.
//
// Criterion.terms holds taxonomy ids ("python", "lang_de"), licence classes
// ("lic_car:B") and modifiers:
//   mod:all       every term is required (else any one)
//   mod:strong    the ad asks for depth ("strong", "solid", "in production")
//   mod:training  a course/certificate satisfies it
//   mod:interest  stated interest satisfies it ("Interesse an …")
//   mod:b2b       business customers, not consumers
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
