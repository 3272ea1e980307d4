#include "services/screening/engine/knockout_rules.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/screening/engine/hashing.h"

namespace clara::screening::engine {
namespace {

v1::Question* AddQuestion(v1::Job* job, const char* id, v1::QuestionType type, const char* title) {
  v1::Question* q = job->add_questions();
  q->set_id(id);
  q->set_question_type(type);
  q->set_title(title);
  return q;
}

// A job ad with must-haves the questions test; no question carries a rule.
v1::Job TestJob(const char* range_unit = "years") {
  v1::Job job;
  job.set_id(42);
  job.set_title("Backend Engineer");
  job.set_language_code("en");
  job.set_body_html(
      "<h3>What we are looking for</h3><ul>"
      "<li>At least 3 years of professional experience building backend services in Python</li>"
      "<li>Solid hands-on experience with PostgreSQL in production</li>"
      "<li>You have the right to work in Sweden</li></ul>"
      "<h3>Nice to have</h3><ul><li>Docker and Kubernetes</li></ul>");
  AddQuestion(&job, "q1", v1::QUESTION_TYPE_RANGE,
              "How many years have you built backend services in Python?")
      ->set_unit(range_unit);
  AddQuestion(&job, "q2", v1::QUESTION_TYPE_BOOLEAN, "Do you have the right to work in Sweden?");
  AddQuestion(&job, "q3", v1::QUESTION_TYPE_BOOLEAN, "Are you available for on-site visits in Malmö every Friday?");
  v1::Question* q = AddQuestion(&job, "q4", v1::QUESTION_TYPE_CHOICE, "Which databases have you used in production?");
  for (const char* alt : {"PostgreSQL", "MySQL", "MongoDB"}) q->add_alternatives(alt);
  AddQuestion(&job, "q5", v1::QUESTION_TYPE_TEXT, "Tell us about a system you built.");
  return job;
}

v1::KnockoutRule Bool(const char* qid, bool b) {
  v1::KnockoutRule r;
  r.set_question_id(qid);
  r.mutable_rule()->set_expect_boolean(b);
  return r;
}
v1::KnockoutRule Min(const char* qid, double m) {
  v1::KnockoutRule r;
  r.set_question_id(qid);
  r.mutable_rule()->set_expect_min(m);
  return r;
}
v1::KnockoutRule AnyOf(const char* qid, std::vector<std::string> values) {
  v1::KnockoutRule r;
  r.set_question_id(qid);
  for (auto& v : values) r.mutable_rule()->mutable_expect_any_of()->add_values(v);
  return r;
}
v1::KnockoutRule Empty(const char* qid) {
  v1::KnockoutRule r;
  r.set_question_id(qid);
  return r;
}

KnockoutRules Rules(std::vector<v1::KnockoutRule> rules) {
  KnockoutRules out;
  for (auto& r : rules) *out.Add() = std::move(r);
  return out;
}

const v1::Criterion* Linked(const v1::Rubric& r, const std::string& qid) {
  for (const auto& c : r.criteria()) {
    if (c.question_id() == qid) return &c;
  }
  return nullptr;
}

TEST(ApplyKnockoutRulesTest, ValidatesAgainstTheQuestions) {
  const struct {
    const char* name;
    std::vector<v1::KnockoutRule> rules;
    absl::StatusCode code;
    const char* names;  // what the error must name
  } kCases[] = {
      {"boolean", {Bool("q2", true)}, absl::StatusCode::kOk, ""},
      {"range", {Min("q1", 3)}, absl::StatusCode::kOk, ""},
      {"range zero", {Min("q1", 0)}, absl::StatusCode::kOk, ""},
      {"choice", {AnyOf("q4", {"PostgreSQL"})}, absl::StatusCode::kOk, ""},
      {"choice folded", {AnyOf("q4", {"postgresql", "MYSQL"})}, absl::StatusCode::kOk, ""},
      {"all together", {Bool("q2", true), Min("q1", 3), AnyOf("q4", {"MySQL"})}, absl::StatusCode::kOk, ""},
      {"no such question", {Bool("q9", true)}, absl::StatusCode::kInvalidArgument, "q9"},
      {"twice", {Bool("q2", true), Bool("q2", false)}, absl::StatusCode::kInvalidArgument, "q2"},
      {"empty rule", {Empty("q2")}, absl::StatusCode::kInvalidArgument, "q2"},
      {"boolean on range", {Bool("q1", true)}, absl::StatusCode::kInvalidArgument, "q1"},
      {"min on boolean", {Min("q2", 1)}, absl::StatusCode::kInvalidArgument, "q2"},
      {"negative min", {Min("q1", -1)}, absl::StatusCode::kInvalidArgument, "q1"},
      {"choice not an alternative", {AnyOf("q4", {"Oracle"})}, absl::StatusCode::kInvalidArgument, "Oracle"},
      {"choice empty", {AnyOf("q4", {})}, absl::StatusCode::kInvalidArgument, "q4"},
      {"any-of on boolean", {AnyOf("q2", {"yes"})}, absl::StatusCode::kInvalidArgument, "q2"},
      {"text question", {Bool("q5", true)}, absl::StatusCode::kInvalidArgument, "q5"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    auto job = ApplyKnockoutRules(TestJob(), Rules(c.rules));
    EXPECT_EQ(job.status().code(), c.code) << job.status();
    if (!job.ok()) {
      EXPECT_NE(job.status().message().find(c.names), absl::string_view::npos) << job.status();
      continue;
    }
    for (const auto& rule : c.rules) {
      for (const auto& q : job->questions()) {
        if (q.id() != rule.question_id()) continue;
        EXPECT_EQ(q.knockout().rule_case(), rule.rule().rule_case());
      }
    }
  }
}

TEST(ApplyKnockoutRulesTest, RangeRuleTakesTheQuestionsUnit) {
  auto job = ApplyKnockoutRules(TestJob("months"), Rules({Min("q1", 18)}));
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->questions(0).knockout().unit(), "months");
  EXPECT_EQ(job->questions(1).knockout().rule_case(), v1::Knockout::RULE_NOT_SET);
}

TEST(DeriveRubricWithRulesTest, LinksRulesAndCarriesThem) {
  const Taxonomy& tax = Taxonomy::Default();
  KnockoutRules rules = Rules({Min("q1", 3), Bool("q2", true), Bool("q3", true)});
  auto r = DeriveRubricWithRules(TestJob(), rules, tax);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->knockout_rules_size(), 3);
  const v1::Criterion* years = Linked(*r, "q1");
  ASSERT_NE(years, nullptr);
  EXPECT_EQ(years->kind(), v1::CRITERION_KIND_EXPERIENCE_YEARS);
  EXPECT_EQ(years->knockout().expect_min(), 3);
  EXPECT_EQ(years->knockout().unit(), "years");
  const v1::Criterion* permit = Linked(*r, "q2");
  ASSERT_NE(permit, nullptr);
  EXPECT_EQ(permit->kind(), v1::CRITERION_KIND_WORK_AUTHORIZATION);
  const v1::Criterion* friday = Linked(*r, "q3");
  ASSERT_NE(friday, nullptr);
  EXPECT_EQ(friday->kind(), v1::CRITERION_KIND_KNOCKOUT_QUESTION);
  EXPECT_EQ(r->content_hash(), RubricContentHash(*r));

  // Without rules nothing is linked, and the rules are part of the hash.
  auto bare = DeriveRubricWithRules(TestJob(), {}, tax);
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(Linked(*bare, "q1"), nullptr);
  EXPECT_NE(bare->content_hash(), r->content_hash());
  EXPECT_EQ(DeriveRubricWithRules(TestJob(), Rules({Bool("q1", true)}), tax).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RelinkKnockoutRulesTest, KeepsTheAdminsEditsAndMovesTheLinks) {
  const Taxonomy& tax = Taxonomy::Default();
  auto first = DeriveRubricWithRules(TestJob(), Rules({Min("q1", 3), Bool("q3", true)}), tax);
  ASSERT_TRUE(first.ok());
  v1::Rubric edited = *first;
  edited.set_origin("edited");
  for (auto& c : *edited.mutable_criteria()) {
    if (c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS) c.set_label("Python, 3+ years (edited)");
  }
  // q3's rule is cleared, q2 gets one.
  auto r = RelinkKnockoutRules(TestJob(), edited, Rules({Min("q1", 4), Bool("q2", true)}), tax);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->origin(), "edited");
  EXPECT_EQ(r->knockout_rules_size(), 2);
  const v1::Criterion* years = Linked(*r, "q1");
  ASSERT_NE(years, nullptr);
  EXPECT_EQ(years->label(), "Python, 3+ years (edited)");
  EXPECT_EQ(years->knockout().expect_min(), 4);
  ASSERT_NE(Linked(*r, "q2"), nullptr);
  EXPECT_EQ(Linked(*r, "q3"), nullptr);  // its knock-out criterion is gone
  EXPECT_EQ(r->criteria_size(), first->criteria_size() - 1);
  EXPECT_EQ(r->content_hash(), RubricContentHash(*r));

  // A rule whose criterion the admin removed becomes a knock-out criterion.
  v1::Rubric without_permit = edited;
  without_permit.clear_criteria();
  for (const auto& c : edited.criteria()) {
    if (c.kind() != v1::CRITERION_KIND_WORK_AUTHORIZATION) *without_permit.add_criteria() = c;
  }
  auto again = RelinkKnockoutRules(TestJob(), without_permit, Rules({Bool("q2", true)}), tax);
  ASSERT_TRUE(again.ok()) << again.status();
  const v1::Criterion* permit = Linked(*again, "q2");
  ASSERT_NE(permit, nullptr);
  EXPECT_EQ(permit->kind(), v1::CRITERION_KIND_KNOCKOUT_QUESTION);
  EXPECT_EQ(permit->requirement(), v1::REQUIREMENT_MUST);
}

TEST(SuggestKnockoutRulesTest, FromTheQuestionsAndTheAd) {
  const Taxonomy& tax = Taxonomy::Default();
  const struct {
    const char* name;
    const char* unit;
    std::vector<v1::KnockoutRule> existing;
    std::vector<v1::KnockoutRule> want;
  } kCases[] = {
      {"years", "years", {}, {Min("q1", 3), Bool("q2", true), AnyOf("q4", {"PostgreSQL"})}},
      {"months", "months", {}, {Min("q1", 36), Bool("q2", true), AnyOf("q4", {"PostgreSQL"})}},
      {"not for questions with a rule", "years", {Bool("q2", false)}, {Min("q1", 3), AnyOf("q4", {"PostgreSQL"})}},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    v1::Job job = TestJob(c.unit);
    auto rubric = DeriveRubricWithRules(job, Rules(c.existing), tax);
    ASSERT_TRUE(rubric.ok()) << rubric.status();
    std::vector<v1::KnockoutRule> got = SuggestKnockoutRules(job, *rubric, tax);
    ASSERT_EQ(got.size(), c.want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      SCOPED_TRACE(got[i].ShortDebugString());
      EXPECT_EQ(DeterministicBytes(got[i]), DeterministicBytes(c.want[i]));
    }
    // Every suggestion is a valid rule.
    EXPECT_TRUE(ApplyKnockoutRules(job, Rules(got)).ok());
  }
}

TEST(SuggestKnockoutRulesTest, TheRubricsMinimumWins) {
  const Taxonomy& tax = Taxonomy::Default();
  auto rubric = DeriveRubricWithRules(TestJob(), {}, tax);
  ASSERT_TRUE(rubric.ok());
  for (auto& c : *rubric->mutable_criteria()) {
    if (c.kind() == v1::CRITERION_KIND_EXPERIENCE_YEARS) c.set_min_value(5);
  }
  std::vector<v1::KnockoutRule> got = SuggestKnockoutRules(TestJob(), *rubric, tax);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].question_id(), "q1");
  EXPECT_EQ(got[0].rule().expect_min(), 5);
}

}  // namespace
}  // namespace clara::screening::engine
