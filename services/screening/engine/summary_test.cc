#include "services/screening/engine/summary.h"

#include "gtest/gtest.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

CriterionFacts Fact(const char* label, bool must, v1::Verdict v, int months = -1) {
  CriterionFacts f;
  f.short_label = label;
  f.must = must;
  f.verdict = v;
  f.months = months;
  if (months >= 0) {
    f.kind = v1::CRITERION_KIND_EXPERIENCE_YEARS;
    f.min_months = 36;
  }
  return f;
}

TEST(SummaryTest, ReadsLikeARecruiterNote) {
  std::vector<CriterionFacts> facts = {
      Fact("Python", true, v1::VERDICT_MET, 101), Fact("PostgreSQL", true, v1::VERDICT_MET),
      Fact("REST APIs", true, v1::VERDICT_MET), Fact("Kafka", false, v1::VERDICT_MET),
      Fact("Kubernetes", false, v1::VERDICT_MET)};
  EXPECT_EQ(Summary(v1::QUALIFICATION_LEVEL_PRE_QUALIFIED, false, facts),
            "Pre-qualified: 3/3 must-haves met (Python 8.4 yrs, PostgreSQL, REST APIs); "
            "nice: Kafka, Kubernetes");
  facts[1].verdict = v1::VERDICT_MISSING;
  EXPECT_EQ(Summary(v1::QUALIFICATION_LEVEL_NEEDS_REVIEW, true, facts).substr(0, 46),
            "Review (knock-out): 2/3 must-haves met; missin");
}

TEST(SummaryTest, AtMost150Characters) {
  std::vector<CriterionFacts> facts;
  for (int i = 0; i < 30; ++i) {
    facts.push_back(Fact("Ein ziemlich langer Kriteriumsname äöü", i % 2 == 0,
                         i % 3 == 0 ? v1::VERDICT_MET : v1::VERDICT_UNKNOWN));
  }
  for (auto q : {v1::QUALIFICATION_LEVEL_PRE_QUALIFIED, v1::QUALIFICATION_LEVEL_NEEDS_REVIEW,
                 v1::QUALIFICATION_LEVEL_NOT_QUALIFIED}) {
    EXPECT_LE(Utf8Length(Summary(q, false, facts)), 150u);
  }
}

TEST(SummaryTest, FollowUpsInTheJobsLanguage) {
  const struct {
    const char* lang;
    v1::CriterionKind kind;
    const char* text;
    v1::QuestionType type;
  } kCases[] = {
      {"en", v1::CRITERION_KIND_EXPERIENCE_YEARS,
       "How many years of professional experience do you have with SQL?", v1::QUESTION_TYPE_RANGE},
      {"sv", v1::CRITERION_KIND_EXPERIENCE_YEARS,
       "Hur många års yrkeserfarenhet har du för kravet ”Minst 2 års SQL”?",
       v1::QUESTION_TYPE_RANGE},
      {"de", v1::CRITERION_KIND_LICENCE, "Erfüllst du die Anforderung „Minst 2 års SQL“?",
       v1::QUESTION_TYPE_BOOLEAN},
      {"fi", v1::CRITERION_KIND_SKILL, "Have you used SQL in your work?",
       v1::QUESTION_TYPE_BOOLEAN},
      {"sv", v1::CRITERION_KIND_LANGUAGE,
       "Vilken nivå har du för kravet ”Minst 2 års SQL” (CEFR A1–C2 eller modersmål)?",
       v1::QUESTION_TYPE_CHOICE},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    CriterionFacts f = Fact("SQL", true, v1::VERDICT_UNKNOWN);
    f.label = "Minst 2 års SQL";
    f.kind = c.kind;
    v1::FollowUpQuestion q = FollowUp("sql", f, c.lang);
    EXPECT_EQ(q.text(), c.text);
    EXPECT_EQ(q.question_type(), c.type);
    EXPECT_EQ(q.criterion_id(), "sql");
  }
}

TEST(SummaryTest, Helpers) {
  EXPECT_EQ(YearsText(18), "1.5");
  EXPECT_EQ(YearsText(0), "0.0");
  EXPECT_EQ(TruncateText("short", 10), "short");
  EXPECT_EQ(TruncateText("a long sentence here", 12), "a long…");
  CriterionFacts f = Fact("Python", true, v1::VERDICT_MET, 40);
  f.reason = "years";
  EXPECT_EQ(Explanation(f),
            "Met: 3.3 years of relevant experience computed from dated roles (required 3.0).");
}

}  // namespace
}  // namespace clara::screening::engine
