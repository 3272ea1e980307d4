#include "services/screening/engine/summary.h"
#include "services/screening/engine/strings.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

std::string LevelName(int level) {
  static constexpr const char* kNames[] = {"-",  "A1", "A2", "B1",
                                           "B2", "C1", "C2/native"};
  if (level < 0 || level > 6) return "-";
  return kNames[level];
}

}  // namespace

std::string YearsText(int months) {
  int tenths = (months * 10 + 6) / 12;
  return absl::StrCat(tenths / 10, ".", tenths % 10);
}

std::string TruncateText(std::string_view s, size_t max) {
  if (Utf8Length(s) <= max) return std::string(s);
  // Cut at a code point boundary, then back to a space.
  size_t bytes = 0, cps = 0;
  while (bytes < s.size() && cps < max - 1) {
    size_t i = bytes;
    DecodeUtf8(s, &i);
    bytes = i;
    ++cps;
  }
  size_t cut = s.substr(0, bytes).rfind(' ');
  if (cut == std::string_view::npos || cut < bytes / 2) cut = bytes;
  std::string out(s.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' ||
                          out.back() == ';' || out.back() == '(')) {
    out.pop_back();
  }
  out.append("…");
  return out;
}

std::string Explanation(const CriterionFacts& f) {
  const absl::string_view l = AV(f.short_label);
  const std::string_view r = f.reason;
  std::string req_years = YearsText(f.min_months);
  if (r == "prose") return absl::StrCat("Met: ", l, " is shown in the candidate's own description of their work.");
  if (r == "course-met") {
    return absl::StrCat("Met: ", l, " is listed among the candidate's courses, certificates or training.");
  }
  if (r == "years") {
    return absl::StrCat("Met: ", YearsText(f.months),
                        " years of relevant experience computed from dated roles (required ",
                        req_years, ").");
  }
  if (r == "years-short") {
    return absl::StrCat("Partly met: ", YearsText(f.months),
                        " years of relevant experience from dated roles, below the required ",
                        req_years, ".");
  }
  if (r == "years-incidental") {
    return absl::StrCat("Partly met: ", l,
                        " appears in dated roles, but not as their main activity.");
  }
  if (r == "years-too-few") {
    return absl::StrCat("Missing: only ", YearsText(f.months),
                        " years of relevant experience from dated roles (required ",
                        req_years, ").");
  }
  if (r == "years-none") return "Missing: no dated role in the résumé shows this experience.";
  if (r == "level") {
    return absl::StrCat("Met: stated ", l, " level ", LevelName(f.level),
                        " meets the required ", LevelName(f.min_level), ".");
  }
  if (r == "level-below") {
    return absl::StrCat("Partly met: stated ", l, " level ", LevelName(f.level),
                        " is below the required ", LevelName(f.min_level), ".");
  }
  if (r == "written-in") {
    return f.verdict == v1::VERDICT_MET
               ? absl::StrCat("Met: the résumé is written in ", l, ", which shows a working command of it.")
               : absl::StrCat("Partly met: the résumé is written in ", l, ", but no level is stated for the required ",
                              LevelName(f.min_level), ".");
  }
  if (r == "generic") {
    return absl::StrCat("Met: the candidate's described work matches the requirement \u201c", TruncateText(f.label, 60),
                        "\u201d.");
  }
  if (r == "generic-weak") {
    return "Partly met: the requirement's words appear in a skills list, a course or the application, not in described work.";
  }
  if (r == "level-basic") {
    return absl::StrCat("Missing: stated ", l, " level ", LevelName(f.level),
                        " is well below the required ", LevelName(f.min_level), ".");
  }
  if (r == "licence") return absl::StrCat("Met: ", l, " is stated in the résumé.");
  if (r == "licence-some") {
    return absl::StrCat("Partly met: only some of the required classes (", l,
                        ") are stated.");
  }
  if (r == "negated") return absl::StrCat("Missing: the candidate states they do not have ", l, ".");
  if (r == "knockout-failed") {
    return "Missing: the screening answer does not meet the knock-out rule; a recruiter should review.";
  }
  if (r == "answer") return "Met: confirmed in the candidate's screening answer.";
  if (r == "answer-only") {
    return absl::StrCat("Partly met: ", l,
                        " is stated in a screening answer but not shown in the résumé.");
  }
  if (r == "claim") {
    return absl::StrCat("Partly met: ", l,
                        " is mentioned in the application but not backed by described work.");
  }
  if (r == "list") {
    return absl::StrCat("Partly met: ", l,
                        " is listed as a skill but not shown in work experience.");
  }
  if (r == "basic") {
    return absl::StrCat("Partly met: ", l, " appears only at a basic or course level.");
  }
  if (r == "basic-only") {
    return absl::StrCat("Missing: ", l,
                        " appears only at a basic or course level; the job asks for more.");
  }
  if (r == "stuffed") {
    return absl::StrCat("Not shown: ", l,
                        " appears only in a long keyword list, without supporting experience.");
  }
  if (r == "some") return absl::StrCat("Partly met: some, not all, of ", l, " are shown.");
  if (r == "qualification") return absl::StrCat("Met: the qualification (", l, ") is stated in the résumé.");
  if (r == "other-qualification") {
    return absl::StrCat("Missing: the résumé states a different qualification than ", l, ".");
  }
  if (r == "parent-missing") return "Missing: the experience this depends on is missing.";
  // Follow-up answers: the candidate's own answer is the evidence.
  if (r == "follow-up-years") {
    std::string stated = f.months > 0
                             ? absl::StrCat(YearsText(f.months), " years of")
                             : std::string("no");
    const char* in = " relevant experience in their answer to a follow-up question";
    if (f.verdict == v1::VERDICT_PARTIAL) {
      return absl::StrCat("Partly met: the candidate states ", stated, in,
                          ", below the required ", req_years, ".");
    }
    std::string required =
        f.min_months > 0 ? absl::StrCat(" (required ", req_years, ")") : std::string();
    return absl::StrCat(f.verdict == v1::VERDICT_MET ? "Met" : "Missing",
                        ": the candidate states ", stated, in, required, ".");
  }
  if (r == "follow-up-level") {
    const char* how = f.verdict == v1::VERDICT_MET       ? "Met"
                      : f.verdict == v1::VERDICT_PARTIAL ? "Partly met"
                                                         : "Missing";
    const char* vs = f.verdict == v1::VERDICT_MET       ? "meeting"
                     : f.verdict == v1::VERDICT_PARTIAL ? "below"
                                                        : "well below";
    return absl::StrCat(how, ": the candidate states ", l, " level ", LevelName(f.level),
                        " in their answer to a follow-up question, ", vs, " the required ",
                        LevelName(f.min_level), ".");
  }
  if (r == "follow-up") {
    if (f.verdict == v1::VERDICT_MET) {
      return "Met: confirmed in the candidate's answer to a follow-up question.";
    }
    if (f.verdict == v1::VERDICT_PARTIAL) {
      return absl::StrCat("Partly met: ", l,
                          " is stated in the candidate's answer to a follow-up question "
                          "but not shown in the résumé.");
    }
    return absl::StrCat("Missing: according to the candidate's answer to a follow-up question, ",
                        l, " is not met.");
  }
  if (f.must) {
    return absl::StrCat("Unknown: the application says nothing about ", l,
                        "; a follow-up question is suggested.");
  }
  return absl::StrCat("Not shown: the application does not mention ", l, ".");
}

std::string Summary(v1::QualificationLevel q, bool knockout_failed,
                    const std::vector<CriterionFacts>& facts) {
  std::string prefix;
  switch (q) {
    case v1::QUALIFICATION_LEVEL_PRE_QUALIFIED:
      prefix = "Pre-qualified";
      break;
    case v1::QUALIFICATION_LEVEL_NEEDS_REVIEW:
      prefix = knockout_failed ? "Review (knock-out)" : "Needs review";
      break;
    default:
      prefix = "Not pre-qualified";
  }
  int must_n = 0, must_met = 0;
  std::vector<std::string> met, missing, unclear, nice;
  for (const CriterionFacts& f : facts) {
    std::string item(f.short_label);
    if (f.months > 0 && f.verdict != v1::VERDICT_UNKNOWN &&
        (f.kind == v1::CRITERION_KIND_EXPERIENCE_YEARS || f.min_months > 0)) {
      absl::StrAppend(&item, " ", YearsText(f.months), " yrs");
    }
    if (StartsWith(f.reason, "follow-up")) absl::StrAppend(&item, " per answer");
    if (f.must) {
      ++must_n;
      if (f.verdict == v1::VERDICT_MET) {
        ++must_met;
        met.push_back(item);
      } else if (f.verdict == v1::VERDICT_MISSING) {
        missing.push_back(item);
      } else {
        unclear.push_back(item);
      }
    } else if (f.verdict == v1::VERDICT_MET) {
      nice.push_back(item);
    }
  }
  constexpr size_t kMax = 150;
  std::string out = absl::StrCat(prefix, ": ", must_met, "/", must_n, " must-haves met");
  auto try_group = [&](std::string_view head, std::string_view open,
                       std::string_view close, const std::vector<std::string>& items) {
    if (items.empty()) return;
    std::string group;
    for (const std::string& it : items) {
      std::string candidate = group.empty() ? absl::StrCat(AV(head), AV(open), it)
                                            : absl::StrCat(group, ", ", it);
      if (Utf8Length(out) + Utf8Length(candidate) + close.size() > kMax) break;
      group = candidate;
    }
    if (!group.empty()) absl::StrAppend(&out, group, AV(close));
  };
  try_group("; missing", ": ", "", missing);
  try_group("; unclear", ": ", "", unclear);
  try_group(" ", "(", ")", met);
  try_group("; nice", ": ", "", nice);
  if (Utf8Length(out) > kMax) out = TruncateText(out, kMax);
  return out;
}

bool DeclarativeKind(v1::CriterionKind kind) {
  switch (kind) {
    case v1::CRITERION_KIND_WORK_AUTHORIZATION:
    case v1::CRITERION_KIND_LOCATION:
    case v1::CRITERION_KIND_LICENCE:
    case v1::CRITERION_KIND_KNOCKOUT_QUESTION:
    case v1::CRITERION_KIND_CUSTOM:
      return true;
    default:
      return false;
  }
}

bool SkillLikeKind(v1::CriterionKind kind) {
  switch (kind) {
    case v1::CRITERION_KIND_EXPERIENCE_YEARS:
    case v1::CRITERION_KIND_LANGUAGE:
    case v1::CRITERION_KIND_EDUCATION:
    case v1::CRITERION_KIND_CERTIFICATION:
      return false;
    default:
      return !DeclarativeKind(kind);
  }
}

int FollowUpLevel(std::string_view choice) {
  std::string folded = FoldForMatch(choice);
  static constexpr std::string_view kCodes[] = {"a1", "a2", "b1", "b2", "c1", "c2"};
  for (int i = 0; i < 6; ++i) {
    if (folded == kCodes[i]) return i + 1;
  }
  for (std::string_view native : {"native", "modersmal", "muttersprache"}) {
    if (folded == native) return 6;
  }
  return 0;
}

bool IsNoneAlternative(std::string_view choice) {
  std::string folded = FoldForMatch(choice);
  for (std::string_view none : {"none of these", "inget av dessa", "nichts davon", "none"}) {
    if (folded == none) return true;
  }
  return false;
}

v1::FollowUpQuestion FollowUp(const std::string& criterion_id,
                              const CriterionFacts& f, std::string_view lang) {
  v1::FollowUpQuestion q;
  q.set_criterion_id(criterion_id);
  std::string code = lang == "sv" || lang == "de" ? std::string(lang) : "en";
  q.set_language_code(code);
  const absl::string_view l = AV(f.short_label);
  struct Texts {
    const char* years;
    const char* unit;
    const char* language;
    const char* native;
    const char* have;   // licence, education, certification
    const char* meets;  // location, custom, knock-out question ($ = the ad's words)
    const char* work;
    const char* used;   // one skill
    const char* which;  // multi-select of the criterion's terms
    const char* none;
  };
  static const Texts kEn = {
      "How many years of professional experience do you have with $?",
      "years",
      "What is your level of $ (CEFR A1–C2 or native)?",
      "Native",
      "Do you have $?",
      "Do you meet the requirement $?",
      "Do you have the right to work in the country of this job?",
      "Have you used $ in your work?",
      "Which of these have you used in your work? (choose all that apply)",
      "None of these"};
  static const Texts kSv = {
      "Hur många års yrkeserfarenhet har du för kravet $?",
      "år",
      "Vilken nivå har du för kravet $ (CEFR A1–C2 eller modersmål)?",
      "Modersmål",
      "Uppfyller du kravet $?",
      "Uppfyller du kravet $?",
      "Har du rätt att arbeta i landet där tjänsten finns?",
      "Har du arbetat med $?",
      "Vilka av dessa har du använt i ditt arbete? (välj alla som stämmer)",
      "Inget av dessa"};
  static const Texts kDe = {
      "Wie viele Jahre Berufserfahrung hast du für die Anforderung $?",
      "Jahre",
      "Welches Niveau hast du für die Anforderung $ (GER A1–C2 oder Muttersprache)?",
      "Muttersprache",
      "Erfüllst du die Anforderung $?",
      "Erfüllst du die Anforderung $?",
      "Hast du eine Arbeitserlaubnis für das Land dieser Stelle?",
      "Hast du beruflich mit $ gearbeitet?",
      "Welche davon hast du beruflich eingesetzt? (alle zutreffenden auswählen)",
      "Nichts davon"};
  const Texts& t = code == "sv" ? kSv : code == "de" ? kDe : kEn;
  // English taxonomy labels would mix languages in sv/de questions: quote
  // the requirement as the ad states it instead.
  auto quoted = [&]() {
    const char* open = code == "de" ? "„" : code == "sv" ? "”" : "“";
    const char* close = code == "de" ? "“" : "”";
    return absl::StrCat(open, TruncateText(f.label, 60), close);
  };
  std::string subject(l);
  if (code != "en" && !f.label.empty()) subject = quoted();
  auto fill = [&](const char* tmpl, const std::string& subj) {
    return absl::StrReplaceAll(tmpl, {{"$", absl::string_view(subj)}});
  };
  auto yes_no = [&](std::string text) {
    q.set_text(std::move(text));
    q.set_question_type(v1::QUESTION_TYPE_BOOLEAN);
  };
  switch (f.kind) {
    case v1::CRITERION_KIND_EXPERIENCE_YEARS:
      q.set_text(fill(t.years, subject));
      q.set_question_type(v1::QUESTION_TYPE_RANGE);
      q.set_scale_min(0);
      q.set_scale_max(50);
      q.set_unit(t.unit);
      return q;
    case v1::CRITERION_KIND_LANGUAGE:
      q.set_text(fill(t.language, subject));
      q.set_question_type(v1::QUESTION_TYPE_CHOICE);
      q.set_multiple(false);
      for (const char* a : {"A1", "A2", "B1", "B2", "C1", "C2"}) q.add_alternatives(a);
      q.add_alternatives(t.native);
      return q;
    case v1::CRITERION_KIND_WORK_AUTHORIZATION:
      yes_no(t.work);
      return q;
    case v1::CRITERION_KIND_LICENCE:
    case v1::CRITERION_KIND_EDUCATION:
    case v1::CRITERION_KIND_CERTIFICATION:
      yes_no(fill(t.have, subject));
      return q;
    case v1::CRITERION_KIND_KNOCKOUT_QUESTION:
      // The recruiter's own (unanswered) yes/no question, as written.
      if (f.verbatim && !f.label.empty()) {
        yes_no(std::string(f.label));
        return q;
      }
      [[fallthrough]];
    case v1::CRITERION_KIND_LOCATION:
    case v1::CRITERION_KIND_CUSTOM:
      yes_no(fill(t.meets, f.label.empty() ? subject : quoted()));
      return q;
    default:
      break;
  }
  // Skill-like.
  if (f.term_labels != nullptr && f.term_labels->size() >= 2) {
    q.set_text(t.which);
    q.set_question_type(v1::QUESTION_TYPE_CHOICE);
    q.set_multiple(true);
    for (const std::string& a : *f.term_labels) q.add_alternatives(a);
    q.add_alternatives(t.none);
    return q;
  }
  yes_no(fill(t.used, subject));
  return q;
}

}  // namespace clara::screening::engine
