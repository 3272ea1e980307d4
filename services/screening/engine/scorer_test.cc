#include "services/screening/engine/scorer.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/screening/engine/clara_engine.h"
#include "services/screening/engine/hashing.h"
#include "services/screening/engine/knockouts.h"
#include "services/screening/engine/text.h"

namespace clara::screening::engine {
namespace {

const absl::CivilDay kToday(2026, 11, 15);

v1::Job BackendJob() {
  v1::Job job;
  job.set_id(7);
  job.set_title("Backend Engineer");
  job.set_language_code("en");
  job.set_body_html(
      "<h3>What we are looking for</h3><ul>"
      "<li>At least 3 years of professional experience building backend services in Python</li>"
      "<li>Solid hands-on experience with PostgreSQL in production</li>"
      "<li>Experience designing REST or gRPC APIs</li>"
      "<li>You communicate well in English</li>"
      "<li>You have the right to work in Sweden</li></ul>"
      "<h3>Nice to have</h3><ul><li>Event streaming with Kafka</li>"
      "<li>Docker and Kubernetes</li></ul>");
  v1::Question* q = job.add_questions();
  q->set_id("rtw");
  q->set_question_type(v1::QUESTION_TYPE_BOOLEAN);
  q->set_title("Do you have the right to work in Sweden?");
  q->mutable_knockout()->set_expect_boolean(true);
  q = job.add_questions();
  q->set_id("years");
  q->set_question_type(v1::QUESTION_TYPE_RANGE);
  q->set_title("How many years of professional experience do you have building backend services in Python?");
  q->mutable_knockout()->set_expect_min(3);
  return job;
}

const char kStrong[] =
    "PROFILE\nBackend engineer.\n\nEXPERIENCE\n"
    "Senior Backend Engineer — Acme AB\nApr 2019 – present\n"
    "- Python services (FastAPI) exposing REST APIs; Postgres schema design and tuning.\n"
    "- Kafka consumers; moved services to k8s with Docker.\n\n"
    "Developer — Beta AB\nJan 2017 – Mar 2019\n- Django apps on PostgreSQL.\n\n"
    "LANGUAGES\nEnglish – fluent (C1) · Swedish – native\n";

v1::CandidateEvidence Evidence(const std::string& resume,
                               std::optional<bool> rtw,
                               std::optional<double> years) {
  v1::CandidateEvidence ev;
  ev.set_resume_text(resume);
  if (rtw) {
    auto* a = ev.add_answers();
    a->set_question_id("rtw");
    a->set_boolean(*rtw);
  }
  if (years) {
    auto* a = ev.add_answers();
    a->set_question_id("years");
    a->set_range(*years);
  }
  return ev;
}

class ScorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = NewClaraEngine();
    auto r = engine_->DeriveRubric(BackendJob());
    ASSERT_TRUE(r.ok()) << r.status();
    rubric_ = *r;
    auto c = engine_->Compile(rubric_);
    ASSERT_TRUE(c.ok()) << c.status();
    compiled_ = *c;
  }
  v1::ScreeningResult Score(const v1::CandidateEvidence& ev) {
    return engine_->Score(*compiled_, ev, kToday, ScoreOptions());
  }
  static v1::Verdict VerdictOf(const v1::ScreeningResult& r, const std::string& prefix) {
    for (const auto& c : r.criteria()) {
      if (c.criterion_id().rfind(prefix, 0) == 0) return c.verdict();
    }
    return v1::VERDICT_UNSPECIFIED;
  }
  std::unique_ptr<ScoringEngine> engine_;
  v1::Rubric rubric_;
  std::shared_ptr<const CompiledRubric> compiled_;
};

TEST_F(ScorerTest, Behaviours) {
  std::string negated = std::string(kStrong) +
                        "\nNOTE\nI have not worked hands-on with Kafka or Kubernetes.\n";
  negated.replace(negated.find("- Kafka consumers; moved services to k8s with Docker.\n"),
                  std::string("- Kafka consumers; moved services to k8s with Docker.\n").size(), "");
  const std::string stuffed =
      "SKILLS\nPython · Java · JavaScript · TypeScript · Go · Rust · C# · C++ · Kotlin · "
      "Scala · Ruby · PHP · SQL · PostgreSQL · MySQL · MongoDB · Redis · Cassandra · "
      "Kafka · RabbitMQ · Docker · Kubernetes · Helm · Terraform · AWS · Azure · GCP · "
      "REST · GraphQL · gRPC · Django · Flask\n\nEXPERIENCE\n"
      "Junior Frontend Developer — Pixel AB\nMar 2025 – present\n- Landing pages in React.\n"
      "Sales Associate — Store AB\nJun 2019 – Feb 2025\n- Sold computers.\n"
      "LANGUAGES\nEnglish – good\n";
  const std::string short_python =
      "EXPERIENCE\nPython Developer — Acme\nJan 2026 – present\n- Python services on "
      "PostgreSQL with REST APIs.\nShop assistant — Store\n2015 – 2024\n- Sales.\n"
      "LANGUAGES\nEnglish – fluent\n";
  const struct {
    const char* name;
    v1::CandidateEvidence evidence;
    v1::Grade grade;
    v1::QualificationLevel qualification;
    const char* criterion;
    v1::Verdict verdict;
  } kCases[] = {
      {"strong", Evidence(kStrong, true, 7), v1::GRADE_TOP_FIT,
       v1::QUALIFICATION_LEVEL_PRE_QUALIFIED, "python-3y", v1::VERDICT_MET},
      {"synonyms", Evidence(kStrong, true, 7), v1::GRADE_TOP_FIT,
       v1::QUALIFICATION_LEVEL_PRE_QUALIFIED, "postgresql", v1::VERDICT_MET},
      {"negation", Evidence(negated, true, 7), v1::GRADE_MIGHT_BE_FIT,
       v1::QUALIFICATION_LEVEL_NOT_QUALIFIED, "event-streaming", v1::VERDICT_MISSING},
      {"failed knock-out", Evidence(kStrong, false, 7), v1::GRADE_MIGHT_NOT_BE_FIT,
       v1::QUALIFICATION_LEVEL_NEEDS_REVIEW, "work-authorization", v1::VERDICT_MISSING},
      {"unanswered knock-out", Evidence(kStrong, std::nullopt, 7), v1::GRADE_MIGHT_BE_FIT,
       v1::QUALIFICATION_LEVEL_NEEDS_REVIEW, "work-authorization", v1::VERDICT_UNKNOWN},
      {"keyword stuffing", Evidence(stuffed, true, 5), v1::GRADE_MIGHT_NOT_BE_FIT,
       v1::QUALIFICATION_LEVEL_NEEDS_REVIEW, "postgresql", v1::VERDICT_MISSING},
      {"answer contradicted by résumé", Evidence(short_python, true, 6),
       v1::GRADE_MIGHT_NOT_BE_FIT, v1::QUALIFICATION_LEVEL_NEEDS_REVIEW, "python-3y",
       v1::VERDICT_MISSING},
      {"near-empty", Evidence("Developer. See LinkedIn.", std::nullopt, std::nullopt),
       v1::GRADE_UNKNOWN, v1::QUALIFICATION_LEVEL_NEEDS_REVIEW, "python-3y",
       v1::VERDICT_UNKNOWN},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    v1::ScreeningResult r = Score(c.evidence);
    EXPECT_EQ(r.grade(), c.grade) << r.score() << " " << r.summary();
    EXPECT_EQ(r.qualification(), c.qualification);
    EXPECT_EQ(VerdictOf(r, c.criterion), c.verdict);
    EXPECT_LE(Utf8Length(r.summary()), 150u);
    EXPECT_EQ(r.engine_version(), "clara-engine/1.1.0");
    EXPECT_EQ(r.rubric_hash(), rubric_.content_hash());
    EXPECT_EQ(r.input_hash(), EvidenceHash(c.evidence));
    // Evidence integrity: every quote is at its offsets in its source.
    for (const auto& cr : r.criteria()) {
      for (const auto& e : cr.evidence()) {
        std::string src;
        if (e.source() == common::v1::EVIDENCE_SOURCE_RESUME) {
          src = c.evidence.resume_text();
        } else if (e.source() == common::v1::EVIDENCE_SOURCE_ANSWER) {
          for (const auto& a : c.evidence.answers()) {
            if (a.question_id() == e.source_id()) src = AnswerSourceText(a);
          }
        } else {
          src = c.evidence.pitch();
        }
        ASSERT_LE(e.end(), src.size());
        EXPECT_EQ(src.substr(e.begin(), e.end() - e.begin()), e.quote());
      }
      EXPECT_FALSE(cr.explanation().empty());
    }
    // Deterministic: byte-identical on a second run.
    EXPECT_EQ(DeterministicBytes(Score(c.evidence)), DeterministicBytes(r));
  }
}

TEST_F(ScorerTest, FollowUpsAndTags) {
  v1::ScreeningResult r = Score(Evidence(kStrong, std::nullopt, 7));
  ASSERT_EQ(r.follow_up_questions_size(), 1);
  EXPECT_EQ(r.follow_up_questions(0).criterion_id(), "work-authorization");
  EXPECT_EQ(r.follow_up_questions(0).question_type(), v1::QUESTION_TYPE_BOOLEAN);
  EXPECT_EQ(r.follow_up_questions(0).language_code(), "en");
  std::vector<std::string> tags(r.tags().begin(), r.tags().end());
  EXPECT_NE(std::find(tags.begin(), tags.end(), "clara-needs-review"), tags.end());
  EXPECT_NE(std::find(tags.begin(), tags.end(), "clara-follow-up"), tags.end());
}

TEST_F(ScorerTest, FollowUpLanguageOptionOverridesTheJobs) {
  ScoreOptions options;
  options.follow_up_language = "de";
  v1::ScreeningResult r = engine_->Score(*compiled_, Evidence(kStrong, std::nullopt, 7), kToday, options);
  ASSERT_EQ(r.follow_up_questions_size(), 1);
  EXPECT_EQ(r.follow_up_questions(0).language_code(), "de");
  EXPECT_EQ(r.follow_up_questions(0).text().rfind("Hast du", 0), 0u) << r.follow_up_questions(0).text();
  // Only the questions change: the verdicts and the score are the job's.
  v1::ScreeningResult plain = Score(Evidence(kStrong, std::nullopt, 7));
  EXPECT_EQ(r.score(), plain.score());
  EXPECT_EQ(r.summary(), plain.summary());
}

TEST_F(ScorerTest, FollowUpAnswerRaisesQualification) {
  // Everything met but the right to work (knock-out unanswered): needs review.
  v1::CandidateEvidence ev = Evidence(kStrong, std::nullopt, 7);
  v1::ScreeningResult before = Score(ev);
  ASSERT_EQ(before.qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  ASSERT_EQ(VerdictOf(before, "work-authorization"), v1::VERDICT_UNKNOWN);
  ASSERT_EQ(before.follow_up_questions_size(), 1);
  const std::string qid = FollowUpAnswerId(before.follow_up_questions(0).criterion_id());
  EXPECT_EQ(qid, "follow-up/work-authorization");

  // "Yes" to the follow-up question: met, pre-qualified, top fit.
  v1::CandidateEvidence yes = ev;
  auto* a = yes.add_answers();
  a->set_question_id(qid);
  a->set_question(before.follow_up_questions(0).text());
  a->set_boolean(true);
  v1::ScreeningResult after = Score(yes);
  EXPECT_EQ(VerdictOf(after, "work-authorization"), v1::VERDICT_MET);
  EXPECT_EQ(after.qualification(), v1::QUALIFICATION_LEVEL_PRE_QUALIFIED) << after.summary();
  EXPECT_EQ(after.grade(), v1::GRADE_TOP_FIT);
  EXPECT_GT(after.score(), before.score());
  EXPECT_EQ(after.follow_up_questions_size(), 0);
  std::vector<std::string> tags(after.tags().begin(), after.tags().end());
  EXPECT_EQ(std::find(tags.begin(), tags.end(), "clara-follow-up"), tags.end());
  EXPECT_NE(std::find(tags.begin(), tags.end(), "clara-pre-qualified"), tags.end());
  EXPECT_NE(after.input_hash(), before.input_hash());
  EXPECT_EQ(DeterministicBytes(Score(yes)), DeterministicBytes(after));

  // "No": missing must-have, needs review; a text answer is ignored.
  a->set_boolean(false);
  v1::ScreeningResult no = Score(yes);
  EXPECT_EQ(VerdictOf(no, "work-authorization"), v1::VERDICT_MISSING);
  EXPECT_EQ(no.qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  a->set_text("yes");
  v1::ScreeningResult text = Score(yes);
  EXPECT_EQ(VerdictOf(text, "work-authorization"), v1::VERDICT_UNKNOWN);
  EXPECT_EQ(text.qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  EXPECT_EQ(text.score(), before.score());

  // The knock-out answer, when given, decides over a follow-up answer.
  v1::CandidateEvidence both = Evidence(kStrong, false, 7);
  a = both.add_answers();
  a->set_question_id(qid);
  a->set_boolean(true);
  EXPECT_EQ(VerdictOf(Score(both), "work-authorization"), v1::VERDICT_MISSING);
}

TEST_F(ScorerTest, Thresholds) {
  ScoreOptions strict;
  strict.top_fit_threshold = 101;
  strict.might_be_fit_threshold = 90;
  strict.prequalify_threshold = 95;
  v1::ScreeningResult r =
      engine_->Score(*compiled_, Evidence(kStrong, true, 7), kToday, strict);
  EXPECT_NE(r.grade(), v1::GRADE_TOP_FIT);
}

TEST_F(ScorerTest, RobustToOddInput) {
  std::string binary;
  for (int i = 0; i < 3000; ++i) binary.push_back(static_cast<char>((i * 37) % 256));
  std::string long_line(20000, 'x');
  long_line += " Python PostgreSQL ";
  long_line += std::string(20000, 'y');
  const struct {
    const char* name;
    std::string resume;
  } kCases[] = {
      {"empty", ""},
      {"binary", binary},
      {"one long line", long_line},
      {"only separators", std::string(5000, '-') + "\n\n\n" + std::string(100, '|')},
      {"emoji and scripts", "Опыт работы 2019 – 2021 🚀 Python 開発者 — Kafka ✓\nΕλληνικά"},
      {"truncated utf-8", std::string("Gebäude") .substr(0, 4) + "\xC3"},
      {"dates only", "2019 – 2021\n2020 – present\n03/2019 – heute\n"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    v1::ScreeningResult r = Score(Evidence(c.resume, true, 3));
    EXPECT_GE(r.score(), 0);
    EXPECT_LE(r.score(), 100);
    for (const auto& cr : r.criteria()) {
      for (const auto& e : cr.evidence()) {
        if (e.source() != common::v1::EVIDENCE_SOURCE_RESUME) continue;
        ASSERT_LE(e.end(), c.resume.size());
        EXPECT_EQ(c.resume.substr(e.begin(), e.end() - e.begin()), e.quote());
        EXPECT_LE(e.quote().size(), 400u);
      }
    }
    // Serializes (quotes are valid UTF-8 when the source is).
    EXPECT_FALSE(DeterministicBytes(r).empty());
  }
}

// Licence classes as a hierarchy (data/licences.tsv): a held class counts
// with what it implies; another class of the same kind is not the required
// one; a planned licence is never met.
TEST(LicenceScoringTest, Classes) {
  const struct {
    const char* label;
    std::vector<std::string> terms;
    const char* resume;
    v1::Verdict verdict;
  } kCases[] = {
      {"Driving licence B", {"lic_car:B"}, "LICENCES\nDriving licence: C+E, D\n", v1::VERDICT_MET},
      {"B-körkort", {"lic_car:B"}, "KÖRKORT\nKörkort CE (2014)\n", v1::VERDICT_MET},
      {"Führerschein Klasse B", {"lic_car:B"}, "Führerschein Klasse C1E\n", v1::VERDICT_MET},
      {"Driving licence B+E", {"lic_car:B"}, "Driving licence B\n", v1::VERDICT_PARTIAL},
      {"Driving licence BE", {"lic_car:B"}, "Driving licence CE\n", v1::VERDICT_MET},
      {"CE-körkort", {"lic_truck_driver"}, "Körkort C\n", v1::VERDICT_MET},
      {"CE-körkort", {"lic_truck_driver"}, "Körkort B\n", v1::VERDICT_PARTIAL},
      {"C-körkort", {"lic_truck_driver"}, "KÖRKORT\nB, BE\n", v1::VERDICT_PARTIAL},
      {"Rijbewijs C", {"lic_car:C"}, "Rijbewijs B\n", v1::VERDICT_PARTIAL},
      {"Ajokortti B", {"lic_car:B"}, "Ajokortti B (2011)\n", v1::VERDICT_MET},
      {"Permis B", {"lic_car"}, "Permis B en cours d'obtention\n", v1::VERDICT_MISSING},
      {"Körkort B", {"lic_car:B"}, "Körkort B – planerar att ta det i vår\n", v1::VERDICT_MISSING},
      {"Driving licence (B)", {"lic_car:B"}, "Driving licence: booked for test in May\n",
       v1::VERDICT_MISSING},
      {"Forklift licence", {"lic_forklift"}, "CERTIFICATES\nPallet truck licence (2022)\n",
       v1::VERDICT_UNKNOWN},
      {"Forklift licence", {"lic_forklift"}, "Forklift licence: pallet trucks only\n",
       v1::VERDICT_PARTIAL},
      {"Truckkort", {"lic_forklift"}, "Truckkort A (ledstaplare)\n", v1::VERDICT_PARTIAL},
      {"Forklift licence", {"lic_forklift"}, "Forklift licence, counterbalance (2020)\n",
       v1::VERDICT_MET},
      {"Truckkort B", {"lic_forklift:B"}, "Truckkort A1–A4\n", v1::VERDICT_PARTIAL},
      {"Truckkort B", {"lic_forklift:B"}, "Truckkort B1–B4 enligt TLP10\n", v1::VERDICT_MET},
      {"Kompetansebevis M3", {"lic_machine:M"}, "Kompetansebevis M2 og M4\n", v1::VERDICT_PARTIAL},
      {"Kompetansebevis M3", {"lic_machine:M"}, "Kompetansebevis M3, M4 (2019)\n", v1::VERDICT_MET},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.label) + " / " + c.resume);
    v1::Rubric rubric;
    v1::Criterion* cr = rubric.add_criteria();
    cr->set_id("licence");
    cr->set_label(c.label);
    cr->set_kind(v1::CRITERION_KIND_LICENCE);
    cr->set_requirement(v1::REQUIREMENT_MUST);
    cr->set_weight(1);
    for (const std::string& t : c.terms) cr->add_terms(t);
    auto compiled = ClaraCompiledRubric::Create(rubric, Taxonomy::Default());
    ASSERT_TRUE(compiled.ok());
    v1::CandidateEvidence ev;
    ev.set_resume_text(c.resume);
    v1::ScreeningResult r = ScoreEvidence(**compiled, ev, kToday, {}, "test");
    ASSERT_EQ(r.criteria_size(), 1);
    EXPECT_EQ(r.criteria(0).verdict(), c.verdict) << r.criteria(0).explanation();
  }
}

TEST(CompileTest, RejectsMalformedRubrics) {
  auto engine = NewClaraEngine();
  v1::Rubric empty;
  v1::Rubric dup;
  for (int i = 0; i < 2; ++i) {
    auto* c = dup.add_criteria();
    c->set_id("same");
    c->set_weight(1);
  }
  v1::Rubric zero;
  auto* z = zero.add_criteria();
  z->set_id("w");
  z->set_weight(0);
  const struct {
    const char* name;
    v1::Rubric rubric;
  } kCases[] = {{"no criteria", empty}, {"duplicate ids", dup}, {"zero weight", zero}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(engine->Compile(c.rubric).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace clara::screening::engine
