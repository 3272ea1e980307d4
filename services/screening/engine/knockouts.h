// Knock-out rules applied to screening answers.
//
// Boolean passes when the answer equals the expected value ("yes" ↔ true,
// also "ja"/"oui"/"kyllä" in text answers); Choice passes when at least one
// selected alternative is accepted; Range passes when the number is >= the
// minimum ("4 years" -> 4), both in the rule's unit: an answer in another
// unit of time is converted ("18 months" against a minimum of 1 year passes).
// An unanswered knock-out is never a failure: the
// outcome is kUnanswered and the requirement stays unknown.
#pragma once

#include <string>
#include <string_view>

#include "clara/screening/v1/screening.pb.h"

namespace clara::screening::engine {

namespace v1 = ::clara::screening::v1;

enum class KnockoutOutcome { kUnanswered, kPass, kFail };

KnockoutOutcome EvaluateKnockout(const v1::Knockout& rule,
                                 const v1::CandidateAnswer* answer);

// The text an ANSWER evidence's offsets refer to: the text answer, the
// choices joined by ", ", "yes"/"no", or the range value ("4").
std::string AnswerSourceText(const v1::CandidateAnswer& answer);

// Months in one `unit` of time: 12 for year words, 1 for month words, in
// every language of data/lang/*/numbers.tsv ("years", "år", "Monate"); the
// first word of `unit` that is one decides. 0 when none is.
int MonthsPerUnit(std::string_view unit);

// Parses "yes"/"no" (several languages) into *out; false if neither.
bool ParseYesNo(std::string_view text, bool* out);

// First number in a text ("4 years" -> 4, "1,5" -> 1.5); false if none.
bool ParseNumber(std::string_view text, double* out);

}  // namespace clara::screening::engine
