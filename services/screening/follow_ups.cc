#include "services/screening/follow_ups.h"

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "services/screening/scoring_engine.h"

namespace clara::screening {
namespace {

namespace iv1 = ::clara::integrations::v1;

// What a message says around the questions, per language.
struct Wording {
  const char* notice;
  const char* intro;
  const char* yes_no;
  const char* choose_one;
  const char* choose_any;
  const char* scale;  // %s–%s %s
};

const Wording kEnglish = {
    "This message comes from CLARA, an automated assistant that helps review your application. A recruiter sees "
    "your answers too. If you would rather deal with a person, reply HUMAN and a recruiter will review your "
    "application without the automated assessment.",
    "To complete your application, please answer these questions:",
    "(yes/no)",
    "Choose one:",
    "Choose all that apply:",
    "(%s–%s %s)",
};
const Wording kSwedish = {
    "Det här meddelandet kommer från CLARA, en automatiserad assistent som hjälper till att granska din ansökan. "
    "En rekryterare ser också dina svar. Vill du hellre ha kontakt med en människa, svara MÄNNISKA så granskar en "
    "rekryterare din ansökan utan den automatiserade bedömningen.",
    "För att slutföra din ansökan, svara gärna på följande frågor:",
    "(ja/nej)",
    "Välj ett alternativ:",
    "Välj alla som stämmer:",
    "(%s–%s %s)",
};
const Wording kGerman = {
    "Diese Nachricht stammt von CLARA, einem automatisierten Assistenten, der bei der Prüfung deiner Bewerbung "
    "hilft. Deine Antworten sieht auch eine Recruiterin oder ein Recruiter. Wenn du lieber mit einem Menschen "
    "sprechen möchtest, antworte MENSCH – dann wird deine Bewerbung ohne die automatisierte Bewertung geprüft.",
    "Um deine Bewerbung zu vervollständigen, beantworte bitte diese Fragen:",
    "(ja/nein)",
    "Wähle eine Option:",
    "Wähle alle zutreffenden:",
    "(%s–%s %s)",
};

const Wording& WordingFor(const std::string& language_code) {
  const std::string code = absl::AsciiStrToLower(language_code);
  if (code == "sv") return kSwedish;
  if (code == "de") return kGerman;
  return kEnglish;
}

std::string NormalizedLanguage(const std::string& language_code) {
  const std::string code = absl::AsciiStrToLower(language_code);
  return code == "sv" || code == "de" ? code : "en";
}

std::string Fold(absl::string_view s) { return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s)); }

std::string Number(double v) { return absl::StrFormat("%g", v); }

// At most `max` code points, with an ellipsis when cut.
std::string TruncateCodePoints(const std::string& s, size_t max) {
  size_t count = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == max - 1) {
        // Is there more than one code point left?
        size_t rest = 0;
        for (size_t j = i; j < s.size(); ++j) rest += (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80;
        if (rest <= 1) return s;
        return s.substr(0, i) + "\xE2\x80\xA6";
      }
      ++count;
    }
  }
  return s;
}

}  // namespace

AskDecision ShouldAsk(const iv1::FollowUpPolicy& policy, const ingest::v1::PartnerEvent& event,
                      const v1::ScreeningResult& result) {
  switch (policy.when()) {
    case iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE:
    case iv1::FOLLOW_UP_WHEN_GREY_ZONE:
      break;
    default:
      return {false, "the follow-up policy never asks"};
  }
  if (result.follow_up_questions_size() == 0) return {false, "no must-have is unknown"};
  for (const auto& tag : result.tags()) {
    if (tag == "clara-knockout-failed") return {false, "a knock-out failed: answers cannot change the outcome"};
  }
  if (policy.when() == iv1::FOLLOW_UP_WHEN_GREY_ZONE &&
      (result.score() < policy.grey_zone_low() || result.score() >= policy.grey_zone_high())) {
    return {false, "the score is outside the grey zone"};
  }
  if (policy.trigger_stage_names_size() > 0) {
    const std::string stage = Fold(event.candidate().job().stage());
    bool match = false;
    for (const auto& s : policy.trigger_stage_names()) match |= !stage.empty() && Fold(s) == stage;
    if (!match) return {false, "the trigger stage is not one the policy asks at"};
  }
  return {true, policy.when() == iv1::FOLLOW_UP_WHEN_GREY_ZONE ? "unknown must-have, score in the grey zone"
                                                               : "unknown must-have"};
}

std::string AutomatedNotice(const std::string& language_code) { return WordingFor(language_code).notice; }

fv1::FollowUp BuildFollowUp(const v1::ScreeningResult& result, const v1::Rubric& rubric,
                            const std::string& language_code, int max_questions) {
  fv1::FollowUp f;
  f.set_state(fv1::FOLLOW_UP_STATE_PENDING);
  f.set_language_code(NormalizedLanguage(language_code));
  const Wording& w = WordingFor(f.language_code());
  f.set_notice(w.notice);
  std::map<std::string, std::string> labels;
  for (const auto& c : rubric.criteria()) labels[c.id()] = c.label();

  std::set<std::string> asked;
  for (const auto& q : result.follow_up_questions()) {
    if (f.questions_size() >= max_questions) break;
    if (asked.count(q.criterion_id()) > 0) continue;
    fv1::Question out;
    switch (q.question_type()) {
      case v1::QUESTION_TYPE_BOOLEAN:
        out.set_type(fv1::QUESTION_TYPE_YES_NO);
        break;
      case v1::QUESTION_TYPE_CHOICE:
        if (q.alternatives_size() == 0) continue;
        out.set_type(q.multiple() ? fv1::QUESTION_TYPE_MULTI_SELECT : fv1::QUESTION_TYPE_SINGLE_SELECT);
        for (const auto& a : q.alternatives()) out.add_options(a);
        break;
      case v1::QUESTION_TYPE_RANGE:
        out.set_type(fv1::QUESTION_TYPE_SCALE);
        out.set_scale_min(q.scale_min());
        out.set_scale_max(q.scale_max() > q.scale_min() ? q.scale_max() : q.scale_min() + 50);
        out.set_unit(q.unit());
        break;
      default:
        continue;  // free text is not a type CLARA asks in
    }
    asked.insert(q.criterion_id());
    out.set_id(absl::StrCat("q", f.questions_size() + 1));
    out.set_criterion_id(q.criterion_id());
    out.set_criterion_label(labels.count(q.criterion_id()) ? labels[q.criterion_id()] : q.criterion_id());
    out.set_text(q.text());
    *f.add_questions() = std::move(out);
  }

  std::string message = absl::StrCat(w.notice, "\n\n", w.intro);
  for (int i = 0; i < f.questions_size(); ++i) {
    const fv1::Question& q = f.questions(i);
    absl::StrAppend(&message, "\n", i + 1, ". ", q.text());
    switch (q.type()) {
      case fv1::QUESTION_TYPE_YES_NO:
        absl::StrAppend(&message, " ", w.yes_no);
        break;
      case fv1::QUESTION_TYPE_SINGLE_SELECT:
        absl::StrAppend(&message, " ", w.choose_one, " ", absl::StrJoin(q.options(), ", "));
        break;
      case fv1::QUESTION_TYPE_MULTI_SELECT:
        absl::StrAppend(&message, " ", w.choose_any, " ", absl::StrJoin(q.options(), ", "));
        break;
      case fv1::QUESTION_TYPE_SCALE:
        absl::StrAppend(&message, " ",
                        absl::StrFormat(w.scale, Number(q.scale_min()), Number(q.scale_max()), q.unit()));
        break;
      default:
        break;
    }
  }
  f.set_message(std::move(message));
  return f;
}

absl::StatusOr<std::vector<fv1::Answer>> ValidateAnswers(const fv1::FollowUp& follow_up,
                                                         const std::vector<fv1::Answer>& answers) {
  std::map<std::string, int> index;
  for (int i = 0; i < follow_up.questions_size(); ++i) index[follow_up.questions(i).id()] = i;
  std::vector<std::optional<fv1::Answer>> by_question(follow_up.questions_size());
  for (size_t n = 0; n < answers.size(); ++n) {
    const fv1::Answer& a = answers[n];
    if (a.question_id().empty()) return absl::InvalidArgumentError(absl::StrCat("answer ", n + 1, " has no question_id"));
    auto it = index.find(a.question_id());
    if (it == index.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("answer ", n + 1, " is for question \"", a.question_id().substr(0, 40),
                       "\", which this follow-up does not have"));
    }
    if (by_question[it->second]) {
      return absl::InvalidArgumentError(absl::StrCat("question ", a.question_id(), " is answered more than once"));
    }
    const fv1::Question& q = follow_up.questions(it->second);
    fv1::Answer out;
    out.set_question_id(q.id());
    switch (q.type()) {
      case fv1::QUESTION_TYPE_YES_NO:
        if (a.value_case() != fv1::Answer::kYes) {
          return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), " is yes/no: set `yes`"));
        }
        out.set_yes(a.yes());
        break;
      case fv1::QUESTION_TYPE_SINGLE_SELECT:
      case fv1::QUESTION_TYPE_MULTI_SELECT: {
        const bool multi = q.type() == fv1::QUESTION_TYPE_MULTI_SELECT;
        if (a.value_case() != fv1::Answer::kChoices || a.choices().values_size() == 0) {
          return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), " is ",
                                                         multi ? "multi-select: pick one or more options in `choices`"
                                                               : "single-select: pick one option in `choices`"));
        }
        if (!multi && a.choices().values_size() != 1) {
          return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), " is single-select: pick exactly one option"));
        }
        std::set<std::string> picked;
        for (const auto& v : a.choices().values()) {
          const std::string* canonical = nullptr;
          for (const auto& o : q.options()) {
            if (Fold(o) == Fold(v)) canonical = &o;
          }
          if (canonical == nullptr) {
            // (The candidate's text is not echoed: errors carry no personal data.)
            return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), ": a choice is not one of its options (",
                                                           absl::StrJoin(q.options(), ", "), ")"));
          }
          if (!picked.insert(*canonical).second) {
            return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), ": \"", *canonical, "\" is picked twice"));
          }
          out.mutable_choices()->add_values(*canonical);
        }
        break;
      }
      case fv1::QUESTION_TYPE_SCALE:
        if (a.value_case() != fv1::Answer::kNumber || !std::isfinite(a.number())) {
          return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), " is a scale: set `number`"));
        }
        if (a.number() < q.scale_min() || a.number() > q.scale_max()) {
          return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), ": ", Number(a.number()),
                                                         " is outside the scale ", Number(q.scale_min()), "–",
                                                         Number(q.scale_max())));
        }
        out.set_number(a.number());
        break;
      default:
        return absl::InvalidArgumentError(absl::StrCat("question ", q.id(), " has no answerable type"));
    }
    by_question[it->second] = std::move(out);
  }
  std::vector<fv1::Answer> out;
  for (int i = 0; i < follow_up.questions_size(); ++i) {
    if (!by_question[i]) {
      return absl::InvalidArgumentError(
          absl::StrCat("question ", follow_up.questions(i).id(), " is not answered; every question needs an answer"));
    }
    out.push_back(std::move(*by_question[i]));
  }
  return out;
}

std::vector<v1::CandidateAnswer> AnswersAsEvidence(const fv1::FollowUp& follow_up) {
  std::map<std::string, const fv1::Question*> questions;
  for (const auto& q : follow_up.questions()) questions[q.id()] = &q;
  std::vector<v1::CandidateAnswer> out;
  for (const auto& a : follow_up.answers()) {
    auto it = questions.find(a.question_id());
    if (it == questions.end()) continue;
    v1::CandidateAnswer c;
    c.set_question_id(FollowUpAnswerId(it->second->criterion_id()));
    c.set_question(it->second->text());
    switch (a.value_case()) {
      case fv1::Answer::kYes:
        c.set_boolean(a.yes());
        break;
      case fv1::Answer::kChoices:
        for (const auto& v : a.choices().values()) c.mutable_choices()->add_values(v);
        break;
      case fv1::Answer::kNumber:
        c.set_range(a.number());
        break;
      default:
        continue;
    }
    out.push_back(std::move(c));
  }
  return out;
}

v1::ScreeningResult Finalise(v1::ScreeningResult result, fv1::FollowUpState state) {
  const bool opted_out = state == fv1::FOLLOW_UP_STATE_OPTED_OUT;
  result.set_qualification(v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  std::vector<std::string> tags;
  for (const auto& t : result.tags()) {
    if (t != "clara-follow-up" && t != "clara-pre-qualified" && t != "clara-needs-review") tags.push_back(t);
  }
  tags.push_back("clara-needs-review");
  tags.push_back(opted_out ? "clara-human-requested" : "clara-no-answers");
  result.clear_tags();
  for (auto& t : tags) result.add_tags(std::move(t));
  const char* why = opted_out ? "Candidate asked for a human review. " : "No answers to follow-up questions. ";
  result.set_summary(TruncateCodePoints(absl::StrCat(why, result.summary()), 150));
  return result;
}

std::string BasisFor(fv1::FollowUpState state) {
  switch (state) {
    case fv1::FOLLOW_UP_STATE_EXPIRED: return "follow-up-expired";
    case fv1::FOLLOW_UP_STATE_OPTED_OUT: return "follow-up-opted-out";
    default: return "engine";
  }
}

std::string StateName(fv1::FollowUpState state) {
  switch (state) {
    case fv1::FOLLOW_UP_STATE_PENDING: return "pending";
    case fv1::FOLLOW_UP_STATE_SENT: return "sent";
    case fv1::FOLLOW_UP_STATE_ANSWERED: return "answered";
    case fv1::FOLLOW_UP_STATE_EXPIRED: return "expired";
    case fv1::FOLLOW_UP_STATE_OPTED_OUT: return "opted_out";
    default: return "";
  }
}

fv1::FollowUpState StateFromName(const std::string& name) {
  for (auto s : {fv1::FOLLOW_UP_STATE_PENDING, fv1::FOLLOW_UP_STATE_SENT, fv1::FOLLOW_UP_STATE_ANSWERED,
                 fv1::FOLLOW_UP_STATE_EXPIRED, fv1::FOLLOW_UP_STATE_OPTED_OUT}) {
    if (StateName(s) == name) return s;
  }
  return fv1::FOLLOW_UP_STATE_UNSPECIFIED;
}

}  // namespace clara::screening
