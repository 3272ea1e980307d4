#include "services/writeback/note.h"

#include "gtest/gtest.h"

namespace clara::writeback {
namespace {

namespace sv1 = ::clara::screening::v1;

constexpr char kScreening[] = "0b6c2f1e-8a44-4c1e-9d0f-3f2b7a9c1d22";

sv1::ScreeningResult Result() {
  sv1::ScreeningResult r;
  r.set_score(75);
  r.set_grade(sv1::GRADE_TOP_FIT);
  r.set_qualification(sv1::QUALIFICATION_LEVEL_PRE_QUALIFIED);
  r.set_summary("Pre-qualified: 6/7 requirements met");
  auto* c = r.add_criteria();
  c->set_label("PostgreSQL, 3+ years");
  c->set_requirement(sv1::REQUIREMENT_MUST);
  c->set_verdict(sv1::VERDICT_MET);
  auto* e = c->add_evidence();
  e->set_source(common::v1::EVIDENCE_SOURCE_RESUME);
  e->set_quote("eight years running\nPostgreSQL   in production");
  c = r.add_criteria();
  c->set_label("EU work permit");
  c->set_requirement(sv1::REQUIREMENT_MUST);
  c->set_verdict(sv1::VERDICT_MISSING);
  c->set_explanation("The candidate answered that they have no EU work permit.");
  c = r.add_criteria();
  c->set_label("Kafka");
  c->set_requirement(sv1::REQUIREMENT_NICE);
  c->set_verdict(sv1::VERDICT_PARTIAL);
  e = c->add_evidence();
  e->set_source(common::v1::EVIDENCE_SOURCE_ANSWER);
  e->set_quote("some Kafka");
  return r;
}

TEST(NoteTest, ReadsLikeAnExplanation) {
  const std::string note = NoteText(kScreening, Result(), "https://clara.example/s/1");
  const struct {
    const char* what;
    std::string text;
  } kExpected[] = {
      {"headline", "CLARA screening: 75/100 \xC2\xB7 top fit \xC2\xB7 pre-qualified\n"},
      {"summary", "Pre-qualified: 6/7 requirements met\n"},
      {"must-haves heading", "\nMust-haves\n"},
      {"met criterion", "\xE2\x9C\x93 PostgreSQL, 3+ years \xE2\x80\x94 met\n"},
      {"quote on one line", "\xE2\x80\x9C" "eight years running PostgreSQL in production\xE2\x80\x9D (résumé)"},
      {"missing criterion", "\xE2\x9C\x97 EU work permit \xE2\x80\x94 not met\n"},
      {"explanation when no quote", "    The candidate answered that they have no EU work permit.\n"},
      {"nice-to-have heading", "\nNice to have\n"},
      {"answer source", "(screening answer)"},
      {"report link", "Full report: https://clara.example/s/1\n"},
  };
  for (const auto& e : kExpected) {
    SCOPED_TRACE(e.what);
    EXPECT_NE(note.find(e.text), std::string::npos) << note;
  }
  // The marker is the last line.
  EXPECT_EQ(note.substr(note.rfind('\n') + 1), NoteMarker(kScreening));
  EXPECT_LT(note.find("Must-haves"), note.find("Nice to have"));
  EXPECT_EQ(NoteText(kScreening, Result(), "").find("Full report"), std::string::npos);
}

TEST(NoteTest, ANeedsReviewResultSaysWhy) {
  sv1::ScreeningResult r = Result();
  r.set_grade(sv1::GRADE_UNKNOWN);
  r.set_qualification(sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  r.set_review_reason("Teamtailor did not deliver the résumé file (server errors, rate limits or timeouts) after 8 attempts.");
  const std::string note = NoteText(kScreening, r, "");
  EXPECT_NE(note.find("fit unknown \xC2\xB7 needs review\n"), std::string::npos) << note;
  EXPECT_NE(note.find("Reason for review: Teamtailor did not deliver the résumé file (server errors, rate limits or "
                      "timeouts) after 8 attempts.\n"),
            std::string::npos)
      << note;
  EXPECT_EQ(NoteText(kScreening, Result(), "").find("Reason for review"), std::string::npos);
}

TEST(NoteTest, MarkerFindsOnlyItsOwnScreening) {
  const std::string note = NoteText(kScreening, Result(), "");
  const struct {
    const char* what;
    std::string note;
    std::string screening_id;
    bool want;
  } kCases[] = {
      {"its own note", note, kScreening, true},
      {"trailing whitespace added", note + "  \n", kScreening, true},
      {"CRLF line ends", "CLARA\r\n" + NoteMarker(kScreening) + "\r\n", kScreening, true},
      {"another screening", note, "11111111-2222-3333-4444-555555555555", false},
      {"a prefix of the id", "x\n" + NoteMarker(std::string(kScreening).substr(0, 10)), kScreening, false},
      {"marker quoted inside a line", "see " + NoteMarker(kScreening) + " above", kScreening, false},
      {"a recruiter's note", "Great call today", kScreening, false},
      {"empty id", note, "", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(HasNoteMarker(c.note, c.screening_id), c.want);
  }
}

TEST(NoteTest, StaysWithinItsBudgetAndKeepsTheMarker) {
  sv1::ScreeningResult r = Result();
  for (int i = 0; i < 200; ++i) {
    auto* c = r.add_criteria();
    c->set_label("Criterion " + std::to_string(i));
    c->set_requirement(sv1::REQUIREMENT_NICE);
    c->set_verdict(sv1::VERDICT_MET);
    c->add_evidence()->set_quote(std::string(500, 'q'));
  }
  const std::string note = NoteText(kScreening, r, "");
  EXPECT_LE(note.size(), kMaxNoteBytes);
  EXPECT_TRUE(HasNoteMarker(note, kScreening));
  EXPECT_NE(note.find("more criteria in the full report"), std::string::npos);
  // Must-haves come first, so they survive.
  EXPECT_NE(note.find("EU work permit"), std::string::npos);
}

TEST(NoteTest, WordsForGradeAndQualification) {
  const struct {
    sv1::Grade grade;
    const char* want;
  } kGrades[] = {{sv1::GRADE_TOP_FIT, "top fit"},
                 {sv1::GRADE_MIGHT_BE_FIT, "might be a fit"},
                 {sv1::GRADE_MIGHT_NOT_BE_FIT, "might not be a fit"},
                 {sv1::GRADE_UNKNOWN, "fit unknown"}};
  for (const auto& c : kGrades) EXPECT_EQ(GradeWords(c.grade), c.want);
  const struct {
    sv1::QualificationLevel level;
    const char* want;
  } kLevels[] = {{sv1::QUALIFICATION_LEVEL_PRE_QUALIFIED, "pre-qualified"},
                 {sv1::QUALIFICATION_LEVEL_NOT_QUALIFIED, "not qualified"},
                 {sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW, "needs review"}};
  for (const auto& c : kLevels) EXPECT_EQ(QualificationWords(c.level), c.want);
}

}  // namespace
}  // namespace clara::writeback
