// Follow-up questions (no I/O): whether an integration's policy asks a
// candidate, the questions and message in the candidate's language, the
// validation of answers, how answers become evidence, and how a result is
// finalised when no answers come (expiry) or the candidate asks for a human.
//
//   if (ShouldAsk(policy, event, result).ask) {
//     FollowUp f = BuildFollowUp(result, rubric, "sv", 3);   // state PENDING
//   }
//   CLARA_ASSIGN_OR_RETURN(auto valid, ValidateAnswers(f, answers));  // INVALID_ARGUMENT
//   for (auto& a : AnswersAsEvidence(f)) raw.answers.push_back(a);
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clara/followups/v1/followups.pb.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/integrations/v1/integrations.pb.h"
#include "clara/screening/v1/screening.pb.h"

namespace clara::screening {

namespace fv1 = ::clara::followups::v1;

struct AskDecision {
  bool ask = false;
  // Why not (for the log), or why.
  std::string reason;
};

// Whether `policy` asks the candidate of `event` about `result`:
//   NEVER / unset                  never
//   UNKNOWN_MUST_HAVE              when the engine has questions (an unknown must-have)
//   GREY_ZONE [low, high)          when the score is in the zone and there are questions
// and only at the policy's trigger stages (all when none are named; an event
// without a job, in bulk mode, matches only then), and never after a failed
// knock-out (answers could not change the outcome).
AskDecision ShouldAsk(const integrations::v1::FollowUpPolicy& policy, const ingest::v1::PartnerEvent& event,
                      const v1::ScreeningResult& result);

// The follow-up for `result`: at most policy.max_questions questions (ids
// q1, q2, …) converted from the engine's, each tied to its criterion; the
// notice and the whole message in `language_code` (en, sv, de; English
// otherwise). State PENDING; ids, times and screening left to the caller.
fv1::FollowUp BuildFollowUp(const v1::ScreeningResult& result, const v1::Rubric& rubric,
                            const std::string& language_code, int max_questions);

// The notice every message starts with: an automated system is used, and how
// to ask for a human instead (en, sv, de; English otherwise).
std::string AutomatedNotice(const std::string& language_code);

// Checks `answers` against the follow-up's questions: exactly one per
// question, of the question's type (yes/no; one option; one or more
// distinct options; a number on the scale). Returns them in question order
// with options spelled as the question spells them (they are matched
// ignoring case and surrounding spaces); INVALID_ARGUMENT saying which
// answer is wrong and why.
absl::StatusOr<std::vector<fv1::Answer>> ValidateAnswers(const fv1::FollowUp& follow_up,
                                                         const std::vector<fv1::Answer>& answers);

// The follow-up's answers as engine evidence: one CandidateAnswer per
// answer, question_id FollowUpAnswerId(criterion), the question as text.
std::vector<v1::CandidateAnswer> AnswersAsEvidence(const fv1::FollowUp& follow_up);

// A result closed without answers (EXPIRED or OPTED_OUT): qualification
// needs_review, the unknown criteria left unknown, tags clara-needs-review
// plus clara-no-answers or clara-human-requested (clara-follow-up dropped),
// and a summary that says why.
v1::ScreeningResult Finalise(v1::ScreeningResult result, fv1::FollowUpState state);

// "follow-up-expired" / "follow-up-opted-out" for a finalised result; "engine" otherwise.
std::string BasisFor(fv1::FollowUpState state);

// "pending", "sent", … (the column values).
std::string StateName(fv1::FollowUpState state);
fv1::FollowUpState StateFromName(const std::string& name);

}  // namespace clara::screening
