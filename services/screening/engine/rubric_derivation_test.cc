#include "services/screening/engine/rubric_derivation.h"

#include <algorithm>
#include <string>

#include "gtest/gtest.h"

namespace clara::screening::engine {
namespace {

v1::Job TestJob() {
  v1::Job job;
  job.set_id(42);
  job.set_title("Backend Engineer");
  job.set_language_code("en");
  job.set_body_html(
      "<p>About us.</p><h3>What you will do</h3><ul><li>Build Python services</li></ul>"
      "<h3>What we are looking for</h3><ul>"
      "<li>At least 3 years of professional experience building backend services in Python</li>"
      "<li>Solid hands-on experience with PostgreSQL in production (schema design)</li>"
      "<li>You speak and write Danish, Swedish or Norwegian at a professional level and are "
      "comfortable in English</li>"
      "<li>You have the right to work in Sweden</li>"
      "<li>Har B-körkort</li>"
      "<li>Has at least 2 years in customer support, including written support by email or tickets</li>"
      "<li>Can work our shift schedule</li></ul>"
      "<h3>Nice to have</h3><ul><li>Docker and Kubernetes</li><li>Go or Rust</li>"
      "<li>German – we open the DACH market</li></ul><h3>We offer</h3><ul><li>Python books</li></ul>");
  v1::Question* q = job.add_questions();
  q->set_id("q1");
  q->set_question_type(v1::QUESTION_TYPE_RANGE);
  q->set_title("How many years have you built backend services in Python?");
  q->mutable_knockout()->set_expect_min(3);
  q = job.add_questions();
  q->set_id("q2");
  q->set_question_type(v1::QUESTION_TYPE_BOOLEAN);
  q->set_title("Do you have the right to work in Sweden?");
  q->mutable_knockout()->set_expect_boolean(true);
  q = job.add_questions();
  q->set_id("q3");
  q->set_question_type(v1::QUESTION_TYPE_BOOLEAN);
  q->set_title("Are you available for on-site visits in Malmö every Friday?");
  q->mutable_knockout()->set_expect_boolean(true);
  return job;
}

const v1::Criterion* ById(const v1::Rubric& r, const std::string& prefix) {
  for (const auto& c : r.criteria()) {
    if (c.id().rfind(prefix, 0) == 0) return &c;
  }
  return nullptr;
}

bool HasTerm(const v1::Criterion& c, const std::string& t) {
  return std::find(c.terms().begin(), c.terms().end(), t) != c.terms().end();
}

TEST(RubricDerivationTest, CriteriaFromSections) {
  auto r = DeriveRubricFromJob(TestJob(), Taxonomy::Default());
  ASSERT_TRUE(r.ok()) << r.status();
  const struct {
    const char* id;
    v1::CriterionKind kind;
    v1::Requirement req;
    const char* term;
    double min_value;
    const char* question;
  } kCases[] = {
      {"python-3y", v1::CRITERION_KIND_EXPERIENCE_YEARS, v1::REQUIREMENT_MUST, "python", 3, "q1"},
      {"postgresql", v1::CRITERION_KIND_SKILL, v1::REQUIREMENT_MUST, "mod:strong", 0, ""},
      {"lang-da-lang-sv-lang-no", v1::CRITERION_KIND_LANGUAGE, v1::REQUIREMENT_MUST, "lang_sv", 5, ""},
      {"lang-en", v1::CRITERION_KIND_LANGUAGE, v1::REQUIREMENT_MUST, "lang_en", 4, ""},
      {"work-authorization", v1::CRITERION_KIND_WORK_AUTHORIZATION, v1::REQUIREMENT_MUST, "", 0, "q2"},
      {"lic_car-b", v1::CRITERION_KIND_LICENCE, v1::REQUIREMENT_MUST, "lic_car:B", 0, ""},
      {"customer-support-2y", v1::CRITERION_KIND_EXPERIENCE_YEARS, v1::REQUIREMENT_MUST, "customer_support", 2, ""},
      {"written-support", v1::CRITERION_KIND_SKILL, v1::REQUIREMENT_MUST, "mod:with=customer-support-2y", 0, ""},
      {"shift-work", v1::CRITERION_KIND_CUSTOM, v1::REQUIREMENT_MUST, "shift_work", 0, ""},
      {"docker-kubernetes", v1::CRITERION_KIND_SKILL, v1::REQUIREMENT_NICE, "mod:all", 0, ""},
      {"golang-rust", v1::CRITERION_KIND_SKILL, v1::REQUIREMENT_NICE, "rust", 0, ""},
      {"lang-de", v1::CRITERION_KIND_LANGUAGE, v1::REQUIREMENT_NICE, "lang_de", 3, ""},
      {"knockout-", v1::CRITERION_KIND_KNOCKOUT_QUESTION, v1::REQUIREMENT_MUST, "", 0, "q3"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.id);
    const v1::Criterion* crit = ById(*r, c.id);
    ASSERT_NE(crit, nullptr);
    EXPECT_EQ(crit->kind(), c.kind);
    EXPECT_EQ(crit->requirement(), c.req);
    if (*c.term) {
      EXPECT_TRUE(HasTerm(*crit, c.term));
    }
    EXPECT_EQ(crit->min_value(), c.min_value);
    EXPECT_EQ(crit->question_id(), c.question);
  }
  // Parenthetical elaborations are not alternatives; offers and tasks are
  // not requirements; "German – we open …" names no further language.
  EXPECT_FALSE(HasTerm(*ById(*r, "postgresql"), "data_modelling"));
  EXPECT_EQ(r->criteria_size(), 13);
  EXPECT_EQ(r->language_code(), "en");
  EXPECT_EQ(r->origin(), "derived");
  EXPECT_EQ(r->content_hash().size(), 64u);
}

TEST(RubricDerivationTest, HashIsStableAndContentBased) {
  auto a = DeriveRubricFromJob(TestJob(), Taxonomy::Default());
  auto b = DeriveRubricFromJob(TestJob(), Taxonomy::Default());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->content_hash(), b->content_hash());
  v1::Job changed = TestJob();
  changed.set_body_html(changed.body_html() + "<h3>Nice to have</h3><ul><li>Kafka</li></ul>");
  auto c = DeriveRubricFromJob(changed, Taxonomy::Default());
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->content_hash(), c->content_hash());
}

TEST(RubricDerivationTest, NoTitle) {
  v1::Job job = TestJob();
  job.set_title("  ");
  EXPECT_EQ(DeriveRubricFromJob(job, Taxonomy::Default()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RubricDerivationTest, Warnings) {
  const struct {
    const char* text;
    const char* needle;  // empty: no warning expected
  } kCases[] = {
      {"We want a Python rockstar and ninja", "vague"},
      {"Join our young team!", "age proxy"},
      {"You are a digital native", "digital native"},
      {"Native speaker of German required", "native speaker"},
      {"Svenska som modersmål", "native speaker"},
      {"Fluent German (C1 or native)", ""},
      {"Candidates aged 25-35 years", "age"},
      {"Salesman wanted", "gendered"},
      {"Elektroniker/in (m/w/d)", ""},
      {"Strong SQL and Python", ""},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.text);
    auto w = RubricWarnings(c.text);
    if (*c.needle == 0) {
      EXPECT_TRUE(w.empty()) << w[0];
      continue;
    }
    bool found = false;
    for (const auto& s : w) found |= s.find(c.needle) != std::string::npos;
    EXPECT_TRUE(found);
  }
}

TEST(RubricDerivationTest, SwedishAndGermanAds) {
  v1::Job job;
  job.set_id(1);
  job.set_title("Teamledare lager");
  job.set_body_html(
      "<h3>Vi söker dig som</h3><ul><li>Har minst 2 års erfarenhet som teamledare inom lager</li>"
      "<li>Har truckkort för A- och B-truck</li><li>Talar och skriver svenska obehindrat</li></ul>"
      "<h3>Meriterande</h3><ul><li>Utbildning i Lean</li></ul>"
      "<h3>Das bringst du mit</h3><ul><li>Führerschein Klasse B</li>"
      "<li>Gute Deutschkenntnisse (mindestens B2)</li></ul>"
      "<h3>Wünschenswert</h3><ul><li>Erfahrung mit KNX bzw. Smart-Home-Systemen</li></ul>");
  auto r = DeriveRubricFromJob(job, Taxonomy::Default());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->language_code(), "sv");
  ASSERT_NE(ById(*r, "team-lead-2y"), nullptr);
  EXPECT_EQ(ById(*r, "team-lead-2y")->min_value(), 2);
  ASSERT_NE(ById(*r, "lic_forklift-a+b"), nullptr);
  EXPECT_EQ(ById(*r, "lang-sv")->min_value(), 5);
  EXPECT_EQ(ById(*r, "lean")->kind(), v1::CRITERION_KIND_CERTIFICATION);
  EXPECT_EQ(ById(*r, "lean")->requirement(), v1::REQUIREMENT_NICE);
  ASSERT_NE(ById(*r, "lic_car-b"), nullptr);
  EXPECT_EQ(ById(*r, "lang-de")->min_value(), 4);
  EXPECT_EQ(ById(*r, "knx-smart-home")->requirement(), v1::REQUIREMENT_NICE);
}

TEST(RubricDerivationTest, GermanFormalMustHeading) {
  // "Das bringen Sie mit (Muss)": the Sie-form of "Das bringst du mit".
  v1::Job job;
  job.set_id(2);
  job.set_title("Disponent (m/w/d)");
  job.set_body_html(
      "<p>Wir suchen Verstärkung.</p><h3>Das bringen Sie mit (Muss)</h3>"
      "<ul><li>Führerschein Klasse C</li><li>Verhandlungssichere Deutschkenntnisse.</li></ul>"
      "<h3>Wünschenswert</h3><ul><li>Gute Englischkenntnisse</li></ul>");
  auto r = DeriveRubricFromJob(job, Taxonomy::Default());
  ASSERT_TRUE(r.ok());
  ASSERT_NE(ById(*r, "lang-de"), nullptr);
  EXPECT_EQ(ById(*r, "lang-de")->requirement(), v1::REQUIREMENT_MUST);
  ASSERT_NE(ById(*r, "lang-en"), nullptr);
  EXPECT_EQ(ById(*r, "lang-en")->requirement(), v1::REQUIREMENT_NICE);
}

TEST(RubricDerivationTest, Similarity) {
  const Taxonomy& tax = Taxonomy::Default();
  EXPECT_GT(TextSimilarity(tax, "Strong SQL", "How many years have you worked with SQL?"),
            TextSimilarity(tax, "Analyst experience 2+ years",
                           "How many years have you worked with SQL?"));
  EXPECT_GE(TextSimilarity(tax, "Postgres", "PostgreSQL in production"), 5);
}

}  // namespace
}  // namespace clara::screening::engine
