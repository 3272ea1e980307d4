// Follow-up questions (type per criterion kind, en/sv/de) and the typed
// answers that come back as "follow-up/<criterion id>" CandidateAnswers.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/screening/engine/clara_engine.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/knockouts.h"
#include "services/screening/engine/summary.h"

namespace clara::screening::engine {
namespace {

const absl::CivilDay kToday(2026, 11, 15);

using Strings = std::vector<std::string>;

Strings Alternatives(const v1::FollowUpQuestion& q) {
  return Strings(q.alternatives().begin(), q.alternatives().end());
}

// ---- Questions ------------------------------------------------------------

TEST(FollowUpQuestionTest, TypePerKindInEnSvDe) {
  const Strings two = {"Docker", "Kubernetes"};
  const Strings one = {"Kafka"};
  const struct {
    const char* lang;
    v1::CriterionKind kind;
    const char* short_label;
    const char* label;
    const Strings* terms;
    const char* text;
    v1::QuestionType type;
    bool multiple;
    Strings alternatives;
    const char* unit;
  } kCases[] = {
      // Years: a scale 0..50 in the job's language.
      {"en", v1::CRITERION_KIND_EXPERIENCE_YEARS, "Python", "3+ years of Python", &one,
       "How many years of professional experience do you have with Python?",
       v1::QUESTION_TYPE_RANGE, false, {}, "years"},
      {"sv", v1::CRITERION_KIND_EXPERIENCE_YEARS, "SQL", "Minst 2 års SQL", &one,
       "Hur många års yrkeserfarenhet har du för kravet ”Minst 2 års SQL”?",
       v1::QUESTION_TYPE_RANGE, false, {}, "år"},
      {"de", v1::CRITERION_KIND_EXPERIENCE_YEARS, "SQL", "Mindestens 2 Jahre SQL", &one,
       "Wie viele Jahre Berufserfahrung hast du für die Anforderung „Mindestens 2 Jahre SQL“?",
       v1::QUESTION_TYPE_RANGE, false, {}, "Jahre"},
      // Language: single-select CEFR + native.
      {"en", v1::CRITERION_KIND_LANGUAGE, "German", "Fluent German", nullptr,
       "What is your level of German (CEFR A1–C2 or native)?", v1::QUESTION_TYPE_CHOICE,
       false, {"A1", "A2", "B1", "B2", "C1", "C2", "Native"}, ""},
      {"sv", v1::CRITERION_KIND_LANGUAGE, "Swedish", "Goda kunskaper i svenska", nullptr,
       "Vilken nivå har du för kravet ”Goda kunskaper i svenska” (CEFR A1–C2 eller modersmål)?",
       v1::QUESTION_TYPE_CHOICE, false, {"A1", "A2", "B1", "B2", "C1", "C2", "Modersmål"}, ""},
      {"de", v1::CRITERION_KIND_LANGUAGE, "German", "Gute Deutschkenntnisse", nullptr,
       "Welches Niveau hast du für die Anforderung „Gute Deutschkenntnisse“ (GER A1–C2 oder "
       "Muttersprache)?",
       v1::QUESTION_TYPE_CHOICE, false,
       {"A1", "A2", "B1", "B2", "C1", "C2", "Muttersprache"}, ""},
      // Declarative kinds, education, certification: yes/no.
      {"en", v1::CRITERION_KIND_WORK_AUTHORIZATION, "Right to work", "Right to work in Sweden",
       nullptr, "Do you have the right to work in the country of this job?",
       v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"sv", v1::CRITERION_KIND_WORK_AUTHORIZATION, "Right to work", "Arbetstillstånd",
       nullptr, "Har du rätt att arbeta i landet där tjänsten finns?",
       v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"de", v1::CRITERION_KIND_WORK_AUTHORIZATION, "Right to work", "Arbeitserlaubnis",
       nullptr, "Hast du eine Arbeitserlaubnis für das Land dieser Stelle?",
       v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"en", v1::CRITERION_KIND_LICENCE, "Forklift licence A", "Forklift licence (A)", nullptr,
       "Do you have Forklift licence A?", v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"sv", v1::CRITERION_KIND_LICENCE, "Forklift licence A", "Truckkort A", nullptr,
       "Uppfyller du kravet ”Truckkort A”?", v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"de", v1::CRITERION_KIND_EDUCATION, "Journeyman's certificate",
       "Abgeschlossene Ausbildung", nullptr,
       "Erfüllst du die Anforderung „Abgeschlossene Ausbildung“?", v1::QUESTION_TYPE_BOOLEAN,
       false, {}, ""},
      {"en", v1::CRITERION_KIND_EDUCATION, "Journeyman's certificate",
       "Completed apprenticeship", &one, "Do you have Journeyman's certificate?",
       v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"en", v1::CRITERION_KIND_CERTIFICATION, "Hot work", "Hot work certificate", &two,
       "Do you have Hot work?", v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"en", v1::CRITERION_KIND_CUSTOM, "Work our shift schedule", "Can work our shift schedule",
       nullptr, "Do you meet the requirement “Can work our shift schedule”?",
       v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"sv", v1::CRITERION_KIND_CUSTOM, "Arbeta tvåskift", "Kan arbeta tvåskift", nullptr,
       "Uppfyller du kravet ”Kan arbeta tvåskift”?", v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"de", v1::CRITERION_KIND_LOCATION, "Wohnort", "Wohnort im Raum München", nullptr,
       "Erfüllst du die Anforderung „Wohnort im Raum München“?", v1::QUESTION_TYPE_BOOLEAN,
       false, {}, ""},
      {"en", v1::CRITERION_KIND_KNOCKOUT_QUESTION, "Available for on-call duty",
       "Available for on-call duty", nullptr,
       "Do you meet the requirement “Available for on-call duty”?", v1::QUESTION_TYPE_BOOLEAN,
       false, {}, ""},
      // Skills: one term -> yes/no; two or more -> multi-select of the terms.
      {"en", v1::CRITERION_KIND_SKILL, "Kafka", "Event streaming with Kafka", &one,
       "Have you used Kafka in your work?", v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"sv", v1::CRITERION_KIND_SKILL, "Kafka", "Kafka i produktion", &one,
       "Har du arbetat med ”Kafka i produktion”?", v1::QUESTION_TYPE_BOOLEAN, false, {}, ""},
      {"de", v1::CRITERION_KIND_SKILL, "Kafka", "Erfahrung mit Kafka", &one,
       "Hast du beruflich mit „Erfahrung mit Kafka“ gearbeitet?", v1::QUESTION_TYPE_BOOLEAN,
       false, {}, ""},
      {"en", v1::CRITERION_KIND_SKILL, "Docker/Kubernetes", "Docker and Kubernetes", &two,
       "Which of these have you used in your work? (choose all that apply)",
       v1::QUESTION_TYPE_CHOICE, true, {"Docker", "Kubernetes", "None of these"}, ""},
      {"sv", v1::CRITERION_KIND_SKILL, "Docker/Kubernetes", "Docker och Kubernetes", &two,
       "Vilka av dessa har du använt i ditt arbete? (välj alla som stämmer)",
       v1::QUESTION_TYPE_CHOICE, true, {"Docker", "Kubernetes", "Inget av dessa"}, ""},
      {"de", v1::CRITERION_KIND_UNSPECIFIED, "Docker/Kubernetes", "Docker und Kubernetes",
       &two, "Welche davon hast du beruflich eingesetzt? (alle zutreffenden auswählen)",
       v1::QUESTION_TYPE_CHOICE, true, {"Docker", "Kubernetes", "Nichts davon"}, ""},
      // Other languages: English.
      {"fi", v1::CRITERION_KIND_SKILL, "Docker/Kubernetes", "Docker ja Kubernetes", &two,
       "Which of these have you used in your work? (choose all that apply)",
       v1::QUESTION_TYPE_CHOICE, true, {"Docker", "Kubernetes", "None of these"}, ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.lang) + " " + v1::CriterionKind_Name(c.kind));
    CriterionFacts f;
    f.short_label = c.short_label;
    f.label = c.label;
    f.kind = c.kind;
    f.term_labels = c.terms;
    v1::FollowUpQuestion q = FollowUp("crit-1", f, c.lang);
    EXPECT_EQ(q.criterion_id(), "crit-1");
    EXPECT_EQ(q.language_code(), std::string(c.lang) == "fi" ? "en" : c.lang);
    EXPECT_EQ(q.text(), c.text);
    EXPECT_EQ(q.question_type(), c.type);
    EXPECT_NE(q.question_type(), v1::QUESTION_TYPE_TEXT);
    EXPECT_EQ(q.multiple(), c.multiple);
    EXPECT_EQ(Alternatives(q), c.alternatives);
    EXPECT_EQ(q.unit(), c.unit);
    if (c.type == v1::QUESTION_TYPE_RANGE) {
      EXPECT_EQ(q.scale_min(), 0);
      EXPECT_EQ(q.scale_max(), 50);
    } else {
      EXPECT_EQ(q.scale_max(), 0);
    }
  }
}

TEST(FollowUpQuestionTest, YesNoKnockOutQuestionIsAskedAsWritten) {
  for (const char* lang : {"en", "sv", "de"}) {
    SCOPED_TRACE(lang);
    CriterionFacts f;
    f.short_label = "Visa sponsorship";
    f.label = "Do you need visa sponsorship?";
    f.kind = v1::CRITERION_KIND_KNOCKOUT_QUESTION;
    f.verbatim = true;
    v1::FollowUpQuestion q = FollowUp("knockout-visa", f, lang);
    EXPECT_EQ(q.text(), "Do you need visa sponsorship?");
    EXPECT_EQ(q.question_type(), v1::QUESTION_TYPE_BOOLEAN);
    EXPECT_EQ(q.language_code(), lang);
    f.verbatim = false;  // e.g. a range or choice knock-out
    EXPECT_NE(FollowUp("knockout-visa", f, lang).text(), "Do you need visa sponsorship?");
  }
}

TEST(FollowUpQuestionTest, AlternativeParsing) {
  const struct {
    const char* choice;
    int level;
    bool none;
  } kCases[] = {
      {"A1", 1, false},        {"a2", 2, false},        {"B1", 3, false},
      {"b2", 4, false},        {"C1", 5, false},        {" c2 ", 6, false},
      {"Native", 6, false},    {"MODERSMÅL", 6, false}, {"muttersprache", 6, false},
      {"fluent", 0, false},    {"None of these", 0, true}, {"inget av dessa", 0, true},
      {"Nichts davon", 0, true}, {"Docker", 0, false},   {"", 0, false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.choice);
    EXPECT_EQ(FollowUpLevel(c.choice), c.level);
    EXPECT_EQ(IsNoneAlternative(c.choice), c.none);
  }
}

// ---- Answers --------------------------------------------------------------

v1::Criterion* AddCriterion(v1::Rubric* r, const char* id, const char* label,
                            v1::CriterionKind kind, Strings terms, double min = 0,
                            bool must = true) {
  v1::Criterion* c = r->add_criteria();
  c->set_id(id);
  c->set_label(label);
  c->set_kind(kind);
  c->set_requirement(must ? v1::REQUIREMENT_MUST : v1::REQUIREMENT_NICE);
  c->set_weight(1);
  for (const std::string& t : terms) c->add_terms(t);
  c->set_min_value(min);
  return c;
}

v1::Rubric AllKindsRubric(const char* lang) {
  v1::Rubric r;
  r.set_job_id(42);
  r.set_language_code(lang);
  AddCriterion(&r, "python-3y", "At least 3 years of Python", v1::CRITERION_KIND_EXPERIENCE_YEARS,
               {"python"}, 3);
  AddCriterion(&r, "support-years", "Experience in customer support",
               v1::CRITERION_KIND_EXPERIENCE_YEARS, {"customer_support"}, 0);
  AddCriterion(&r, "lang-de", "Good German", v1::CRITERION_KIND_LANGUAGE, {"lang_de"}, 4);
  AddCriterion(&r, "work-authorization", "You have the right to work in Sweden",
               v1::CRITERION_KIND_WORK_AUTHORIZATION, {});
  AddCriterion(&r, "docker-kubernetes", "Docker and Kubernetes", v1::CRITERION_KIND_SKILL,
               {"docker", "kubernetes", "mod:all"});
  AddCriterion(&r, "cloud", "AWS, Azure or GCP", v1::CRITERION_KIND_SKILL,
               {"aws", "azure", "gcp"});
  AddCriterion(&r, "kafka", "Event streaming with Kafka", v1::CRITERION_KIND_SKILL, {"kafka"});
  AddCriterion(&r, "forklift", "Forklift licence A", v1::CRITERION_KIND_LICENCE,
               {"lic_forklift:A"});
  AddCriterion(&r, "journeyman", "Completed apprenticeship", v1::CRITERION_KIND_EDUCATION,
               {"gesellenbrief"});
  AddCriterion(&r, "shifts", "Can work our shift schedule", v1::CRITERION_KIND_CUSTOM, {});
  AddCriterion(&r, "commute", "Lives within commuting distance of Malmö",
               v1::CRITERION_KIND_LOCATION, {});
  v1::Criterion* visa = AddCriterion(&r, "knockout-visa", "Do you need visa sponsorship?",
                                     v1::CRITERION_KIND_KNOCKOUT_QUESTION, {});
  visa->set_question_id("visa");
  visa->mutable_knockout()->set_expect_boolean(false);
  return r;
}

// Says nothing about any criterion: every must-have is unknown.
const char kSilent[] = "Hello! I would like to apply for this job.";

v1::CandidateAnswer Bool(bool b) {
  v1::CandidateAnswer a;
  a.set_boolean(b);
  return a;
}
v1::CandidateAnswer Range(double v) {
  v1::CandidateAnswer a;
  a.set_range(v);
  return a;
}
v1::CandidateAnswer Choices(Strings values) {
  v1::CandidateAnswer a;
  for (const std::string& v : values) a.mutable_choices()->add_values(v);
  return a;
}
v1::CandidateAnswer Text(const char* t) {
  v1::CandidateAnswer a;
  a.set_text(t);
  return a;
}

class FollowUpAnswerTest : public ::testing::Test {
 protected:
  void SetUp() override { Use("en"); }
  void Use(const char* lang) {
    engine_ = NewClaraEngine();
    auto c = engine_->Compile(AllKindsRubric(lang));
    ASSERT_TRUE(c.ok()) << c.status();
    compiled_ = *c;
  }
  v1::ScreeningResult Score(const v1::CandidateEvidence& ev) {
    return engine_->Score(*compiled_, ev, kToday, ScoreOptions());
  }
  static v1::CandidateEvidence WithAnswer(const std::string& resume, const std::string& crit,
                                          v1::CandidateAnswer answer) {
    v1::CandidateEvidence ev;
    ev.set_resume_text(resume);
    answer.set_question_id(FollowUpAnswerId(crit));
    answer.set_question("follow-up");
    *ev.add_answers() = std::move(answer);
    return ev;
  }
  static const v1::CriterionResult* Find(const v1::ScreeningResult& r, const std::string& id) {
    for (const auto& c : r.criteria()) {
      if (c.criterion_id() == id) return &c;
    }
    return nullptr;
  }
  static const v1::FollowUpQuestion* Question(const v1::ScreeningResult& r,
                                              const std::string& id) {
    for (const auto& q : r.follow_up_questions()) {
      if (q.criterion_id() == id) return &q;
    }
    return nullptr;
  }
  std::unique_ptr<ScoringEngine> engine_;
  std::shared_ptr<const CompiledRubric> compiled_;
};

TEST_F(FollowUpAnswerTest, EveryUnknownMustHaveGetsATypedQuestion) {
  const struct {
    const char* lang;
    const char* unit;
    const char* none;
  } kLangs[] = {{"en", "years", "None of these"},
                {"sv", "år", "Inget av dessa"},
                {"de", "Jahre", "Nichts davon"}};
  for (const auto& l : kLangs) {
    SCOPED_TRACE(l.lang);
    Use(l.lang);
    v1::ScreeningResult r = Score(WithAnswer(kSilent, "unrelated", Text("hi")));
    ASSERT_EQ(r.follow_up_questions_size(), r.criteria_size());
    for (const auto& q : r.follow_up_questions()) {
      EXPECT_EQ(q.language_code(), l.lang);
      EXPECT_NE(q.question_type(), v1::QUESTION_TYPE_TEXT) << q.criterion_id();
      ASSERT_NE(Find(r, q.criterion_id()), nullptr);
      EXPECT_EQ(Find(r, q.criterion_id())->verdict(), v1::VERDICT_UNKNOWN);
    }
    const v1::FollowUpQuestion* years = Question(r, "python-3y");
    ASSERT_NE(years, nullptr);
    EXPECT_EQ(years->question_type(), v1::QUESTION_TYPE_RANGE);
    EXPECT_EQ(years->unit(), l.unit);
    EXPECT_EQ(years->scale_min(), 0);
    EXPECT_EQ(years->scale_max(), 50);
    const v1::FollowUpQuestion* lang = Question(r, "lang-de");
    ASSERT_NE(lang, nullptr);
    EXPECT_EQ(lang->question_type(), v1::QUESTION_TYPE_CHOICE);
    EXPECT_FALSE(lang->multiple());
    EXPECT_EQ(lang->alternatives_size(), 7);
    // Multi-select alternatives: the taxonomy labels, then "none".
    const v1::FollowUpQuestion* cloud = Question(r, "cloud");
    ASSERT_NE(cloud, nullptr);
    EXPECT_EQ(cloud->question_type(), v1::QUESTION_TYPE_CHOICE);
    EXPECT_TRUE(cloud->multiple());
    EXPECT_EQ(Alternatives(*cloud), (Strings{"AWS", "Azure", "GCP", l.none}));
    const v1::FollowUpQuestion* dk = Question(r, "docker-kubernetes");
    ASSERT_NE(dk, nullptr);
    EXPECT_TRUE(dk->multiple());
    EXPECT_EQ(Alternatives(*dk), (Strings{"Docker", "Kubernetes", l.none}));
    ASSERT_NE(Question(r, "knockout-visa"), nullptr);
    EXPECT_EQ(Question(r, "knockout-visa")->text(), "Do you need visa sponsorship?");
    for (const char* yes_no : {"kafka", "work-authorization", "forklift", "journeyman",
                               "shifts", "commute", "knockout-visa"}) {
      SCOPED_TRACE(yes_no);
      ASSERT_NE(Question(r, yes_no), nullptr);
      EXPECT_EQ(Question(r, yes_no)->question_type(), v1::QUESTION_TYPE_BOOLEAN);
      EXPECT_EQ(Question(r, yes_no)->alternatives_size(), 0);
    }
  }
}

TEST_F(FollowUpAnswerTest, AnswerFlipsAnUnknownMustHave) {
  const struct {
    const char* name;
    const char* criterion;
    v1::CandidateAnswer answer;
    v1::Verdict verdict;
    int sub;
  } kCases[] = {
      // Boolean: declarative yes = met; skill/education yes = a claim; no = missing.
      {"work yes", "work-authorization", Bool(true), v1::VERDICT_MET, 100},
      {"work no", "work-authorization", Bool(false), v1::VERDICT_MISSING, 0},
      {"licence yes", "forklift", Bool(true), v1::VERDICT_MET, 100},
      {"custom yes", "shifts", Bool(true), v1::VERDICT_MET, 100},
      {"location yes", "commute", Bool(true), v1::VERDICT_MET, 100},
      {"location no", "commute", Bool(false), v1::VERDICT_MISSING, 0},
      // A yes/no knock-out asked as written: the recruiter's rule (expects no).
      {"knock-out as expected", "knockout-visa", Bool(false), v1::VERDICT_MET, 100},
      {"knock-out not as expected", "knockout-visa", Bool(true), v1::VERDICT_MISSING, 0},
      {"skill yes", "kafka", Bool(true), v1::VERDICT_PARTIAL, 50},
      {"skill no", "kafka", Bool(false), v1::VERDICT_MISSING, 0},
      {"education yes", "journeyman", Bool(true), v1::VERDICT_PARTIAL, 50},
      {"education no", "journeyman", Bool(false), v1::VERDICT_MISSING, 0},
      // Range (years) against min 3 years.
      {"years above", "python-3y", Range(7), v1::VERDICT_MET, 100},
      {"years exact", "python-3y", Range(3), v1::VERDICT_MET, 100},
      {"years below", "python-3y", Range(2), v1::VERDICT_PARTIAL, 50},
      {"years half", "python-3y", Range(1.5), v1::VERDICT_PARTIAL, 50},
      {"years too few", "python-3y", Range(1), v1::VERDICT_MISSING, 0},
      {"years zero", "python-3y", Range(0), v1::VERDICT_MISSING, 0},
      {"no minimum, some", "support-years", Range(0.5), v1::VERDICT_MET, 100},
      {"no minimum, none", "support-years", Range(0), v1::VERDICT_MISSING, 0},
      {"skill years", "kafka", Range(2), v1::VERDICT_PARTIAL, 50},
      {"skill zero years", "kafka", Range(0), v1::VERDICT_MISSING, 0},
      // Language level against B2.
      {"level above", "lang-de", Choices({"C1"}), v1::VERDICT_MET, 100},
      {"level exact", "lang-de", Choices({"b2"}), v1::VERDICT_MET, 100},
      {"level native", "lang-de", Choices({"Muttersprache"}), v1::VERDICT_MET, 100},
      {"level native sv", "lang-de", Choices({"modersmål"}), v1::VERDICT_MET, 100},
      {"level one below", "lang-de", Choices({"B1"}), v1::VERDICT_PARTIAL, 50},
      {"level far below", "lang-de", Choices({"A2"}), v1::VERDICT_MISSING, 0},
      // Multi-select of the terms.
      {"any-of one", "cloud", Choices({"AWS"}), v1::VERDICT_PARTIAL, 50},
      {"any-of case", "cloud", Choices({"gcp", "azure"}), v1::VERDICT_PARTIAL, 50},
      {"any-of none", "cloud", Choices({"None of these"}), v1::VERDICT_MISSING, 0},
      {"any-of none de", "cloud", Choices({"Nichts davon"}), v1::VERDICT_MISSING, 0},
      {"any-of unknown term", "cloud", Choices({"Heroku"}), v1::VERDICT_MISSING, 0},
      {"all-of all", "docker-kubernetes", Choices({"Kubernetes", "Docker"}),
       v1::VERDICT_PARTIAL, 50},
      {"all-of some", "docker-kubernetes", Choices({"Docker"}), v1::VERDICT_MISSING, 0},
      {"single skill choice", "kafka", Choices({"Kafka"}), v1::VERDICT_PARTIAL, 50},
      // Wrong kinds are ignored: the criterion stays unknown.
      {"text", "work-authorization", Text("yes"), v1::VERDICT_UNKNOWN, 0},
      {"text skill", "kafka", Text("I run Kafka in production every day."),
       v1::VERDICT_UNKNOWN, 0},
      {"choices for years", "python-3y", Choices({"7"}), v1::VERDICT_UNKNOWN, 0},
      {"range for language", "lang-de", Range(5), v1::VERDICT_UNKNOWN, 0},
      {"unrecognised level", "lang-de", Choices({"fluent"}), v1::VERDICT_UNKNOWN, 0},
      {"range for work", "work-authorization", Range(1), v1::VERDICT_UNKNOWN, 0},
      {"choices for licence", "forklift", Choices({"A"}), v1::VERDICT_UNKNOWN, 0},
      {"empty choices", "cloud", Choices({}), v1::VERDICT_UNKNOWN, 0},
      {"negative years", "python-3y", Range(-2), v1::VERDICT_UNKNOWN, 0},
  };
  const v1::ScreeningResult before = Score(WithAnswer(kSilent, "unrelated", Text("hi")));
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    v1::CandidateEvidence ev = WithAnswer(kSilent, c.criterion, c.answer);
    v1::ScreeningResult r = Score(ev);
    const v1::CriterionResult* cr = Find(r, c.criterion);
    ASSERT_NE(cr, nullptr);
    EXPECT_EQ(cr->verdict(), c.verdict) << cr->explanation();
    EXPECT_EQ(cr->sub_score(), c.sub);
    if (c.verdict == v1::VERDICT_UNKNOWN) {
      EXPECT_EQ(cr->evidence_size(), 0);
      EXPECT_NE(Question(r, c.criterion), nullptr);
    } else {
      // The evidence is the whole answer, quoted from its source text.
      ASSERT_EQ(cr->evidence_size(), 1);
      const v1::Evidence& e = cr->evidence(0);
      EXPECT_EQ(e.source(), common::v1::EVIDENCE_SOURCE_ANSWER);
      EXPECT_EQ(e.source_id(), "follow-up/" + std::string(c.criterion));
      const std::string src = AnswerSourceText(ev.answers(0));
      EXPECT_EQ(e.quote(), src);
      EXPECT_EQ(e.begin(), 0u);
      EXPECT_EQ(e.end(), src.size());
      EXPECT_NE(cr->explanation().find("answer to a follow-up question"), std::string::npos)
          << cr->explanation();
      // Answered: no follow-up question for it any more.
      EXPECT_EQ(Question(r, c.criterion), nullptr);
      EXPECT_EQ(r.follow_up_questions_size(), before.follow_up_questions_size() - 1);
    }
    // The answer counts only for its own criterion (e.g. the text of a
    // multi-select or a text answer is not scanned for other skills).
    for (const auto& other : r.criteria()) {
      if (other.criterion_id() == c.criterion) continue;
      EXPECT_EQ(other.verdict(), v1::VERDICT_UNKNOWN) << other.criterion_id();
    }
    // Deterministic: byte-identical on a second run.
    EXPECT_EQ(DeterministicBytes(Score(ev)), DeterministicBytes(r));
  }
}

TEST_F(FollowUpAnswerTest, MultiSelectAnswerIsNotScannedForOtherSkills) {
  // "Kafka" typed into the cloud question's answer neither helps the cloud
  // criterion (not one of its terms) nor the Kafka criterion.
  v1::ScreeningResult r = Score(WithAnswer(kSilent, "cloud", Choices({"AWS", "Kafka"})));
  EXPECT_EQ(Find(r, "cloud")->verdict(), v1::VERDICT_PARTIAL);
  EXPECT_EQ(Find(r, "kafka")->verdict(), v1::VERDICT_UNKNOWN);
  // An all-of answer naming one term stays missing even though the answer
  // text mentions Docker (a scanned claim would make it partial).
  r = Score(WithAnswer(kSilent, "docker-kubernetes", Choices({"Docker", "None of these"})));
  EXPECT_EQ(Find(r, "docker-kubernetes")->verdict(), v1::VERDICT_MISSING);
}

TEST_F(FollowUpAnswerTest, ResumeEvidenceWins) {
  const char kResume[] =
      "EXPERIENCE\nData Engineer — Acme AB\nJan 2026 – present\n"
      "- Built event pipelines with Kafka consumers in Python.\n\n"
      "LANGUAGES\nGerman – B1\n";
  const struct {
    const char* name;
    const char* criterion;
    v1::CandidateAnswer answer;
    v1::Verdict verdict;
  } kCases[] = {
      {"skill shown, answer no", "kafka", Bool(false), v1::VERDICT_MET},
      {"years too few, answer many", "python-3y", Range(10), v1::VERDICT_MISSING},
      {"level below, answer native", "lang-de", Choices({"Native"}), v1::VERDICT_PARTIAL},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    v1::CandidateEvidence ev = WithAnswer(kResume, c.criterion, c.answer);
    v1::ScreeningResult r = Score(ev);
    const v1::CriterionResult* cr = Find(r, c.criterion);
    ASSERT_NE(cr, nullptr);
    EXPECT_EQ(cr->verdict(), c.verdict) << cr->explanation();
    EXPECT_EQ(cr->explanation().find("follow-up question"), std::string::npos)
        << cr->explanation();
    for (const auto& e : cr->evidence()) {
      EXPECT_EQ(e.source(), common::v1::EVIDENCE_SOURCE_RESUME);
      EXPECT_EQ(ev.resume_text().substr(e.begin(), e.end() - e.begin()), e.quote());
    }
    // Same verdict as without the answer.
    v1::CandidateEvidence plain;
    plain.set_resume_text(kResume);
    EXPECT_EQ(Find(Score(plain), c.criterion)->verdict(), c.verdict);
  }
}

TEST_F(FollowUpAnswerTest, ExplanationAndSummaryNameTheAnswer) {
  const struct {
    const char* criterion;
    v1::CandidateAnswer answer;
    const char* explanation;
    const char* summary_item;
  } kCases[] = {
      {"python-3y", Range(4),
       "Met: the candidate states 4.0 years of relevant experience in their answer to a "
       "follow-up question (required 3.0).",
       nullptr},  // met items come last in the summary: see SummaryMarksAnswers
      {"python-3y", Range(2),
       "Partly met: the candidate states 2.0 years of relevant experience in their answer to "
       "a follow-up question, below the required 3.0.",
       "unclear: Python 2.0 yrs per answer"},
      {"python-3y", Range(0),
       "Missing: the candidate states no relevant experience in their answer to a follow-up "
       "question (required 3.0).",
       "missing: Python per answer"},
      {"lang-de", Choices({"B1"}),
       "Partly met: the candidate states German level B1 in their answer to a follow-up "
       "question, below the required B2.",
       ", German per answer, "},
      {"work-authorization", Bool(true),
       "Met: confirmed in the candidate's answer to a follow-up question.",
       nullptr},
      {"kafka", Bool(true),
       "Partly met: Kafka is stated in the candidate's answer to a follow-up question but not "
       "shown in the résumé.",
       nullptr},  // beyond the summary's 150 characters
      {"cloud", Choices({"None of these"}),
       "Missing: according to the candidate's answer to a follow-up question, AWS/Azure is "
       "not met.",
       "missing: AWS/Azure per answer"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.explanation);
    v1::ScreeningResult r = Score(WithAnswer(kSilent, c.criterion, c.answer));
    ASSERT_NE(Find(r, c.criterion), nullptr);
    EXPECT_EQ(Find(r, c.criterion)->explanation(), c.explanation);
    if (c.summary_item != nullptr) {
      EXPECT_NE(r.summary().find(c.summary_item), std::string::npos) << r.summary();
    }
  }
}

TEST(FollowUpSummaryTest, SummaryMarksAnswers) {
  CriterionFacts years;
  years.short_label = "Python";
  years.kind = v1::CRITERION_KIND_EXPERIENCE_YEARS;
  years.verdict = v1::VERDICT_MET;
  years.months = 48;
  years.min_months = 36;
  years.reason = "follow-up-years";
  CriterionFacts work;
  work.short_label = "Right to work";
  work.kind = v1::CRITERION_KIND_WORK_AUTHORIZATION;
  work.verdict = v1::VERDICT_MET;
  work.reason = "follow-up";
  CriterionFacts sql;
  sql.short_label = "SQL";
  sql.kind = v1::CRITERION_KIND_SKILL;
  sql.verdict = v1::VERDICT_MET;
  sql.reason = "prose";
  EXPECT_EQ(Summary(v1::QUALIFICATION_LEVEL_PRE_QUALIFIED, false, {years, work, sql}),
            "Pre-qualified: 3/3 must-haves met (Python 4.0 yrs per answer, Right to work per "
            "answer, SQL)");
}

}  // namespace
}  // namespace clara::screening::engine
