#include "services/screening/raw_candidate.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace clara::screening {
namespace {

const v1::Question* QuestionByTitle(const v1::Job& job, const std::string& title) {
  for (const auto& q : job.questions()) {
    if (q.title() == title) return &q;
  }
  return nullptr;
}

std::string ValueText(const google::protobuf::Value& v) {
  switch (v.kind_case()) {
    case google::protobuf::Value::kStringValue: return v.string_value();
    case google::protobuf::Value::kNumberValue: return absl::StrCat(v.number_value());
    case google::protobuf::Value::kBoolValue: return v.bool_value() ? "yes" : "no";
    default: return "";
  }
}

// "<n> <unit>" → n and unit ("" when the answer is a bare number). False when
// it does not start with a number.
bool ParseRange(absl::string_view text, double* n, std::string* unit) {
  text = absl::StripAsciiWhitespace(text);
  const size_t space = text.find_first_of(" \t");
  absl::string_view number = text.substr(0, space);
  std::string dotted(number);
  for (char& ch : dotted) {
    if (ch == ',') ch = '.';  // "1,5 years"
  }
  if (!absl::SimpleAtod(dotted, n) || !(*n >= 0)) return false;
  *unit = space == absl::string_view::npos ? "" : std::string(absl::StripAsciiWhitespace(text.substr(space)));
  return true;
}

}  // namespace

RawCandidate BuildRawCandidate(const ScreeningInputs& inputs) {
  const auto& c = inputs.event.candidate();
  RawCandidate raw;
  raw.first_name = c.first_name();
  raw.last_name = c.last_name();
  raw.email = c.email();
  raw.phone = c.phone();
  for (const auto& u : c.uploads()) raw.other_identifiers.push_back(u.file_name());
  raw.resume_text = inputs.evidence.resume_text();
  raw.pitch = inputs.evidence.pitch();
  raw.cover_letter = inputs.evidence.cover_letter();
  for (const auto& a : inputs.evidence.answers()) {
    v1::CandidateAnswer answer;
    answer.set_question(a.question());
    const v1::Question* q = QuestionByTitle(inputs.job, a.question());
    if (q != nullptr) answer.set_question_id(q->id());
    const auto type = q != nullptr ? q->question_type() : v1::QUESTION_TYPE_TEXT;
    const google::protobuf::Value& v = a.answer();
    if (v.has_list_value()) {
      for (const auto& item : v.list_value().values()) answer.mutable_choices()->add_values(ValueText(item));
    } else if (type == v1::QUESTION_TYPE_BOOLEAN) {
      // Teamtailor sends "yes" or "no"; anything else is the candidate's text.
      const std::string t = absl::AsciiStrToLower(absl::StripAsciiWhitespace(ValueText(v)));
      if (t == "yes") answer.set_boolean(true);
      else if (t == "no") answer.set_boolean(false);
      else answer.set_text(ValueText(v));
    } else if (type == v1::QUESTION_TYPE_RANGE) {
      double n = 0;
      std::string unit;
      if (ParseRange(ValueText(v), &n, &unit)) {
        answer.set_range(n);
        answer.set_unit(unit.empty() ? q->unit() : unit);
      } else {
        answer.set_text(ValueText(v));
      }
    } else if (type == v1::QUESTION_TYPE_CHOICE) {
      answer.mutable_choices()->add_values(ValueText(v));
    } else {
      answer.set_text(ValueText(v));
    }
    raw.answers.push_back(std::move(answer));
  }
  return raw;
}

}  // namespace clara::screening
