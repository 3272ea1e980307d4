#include "services/screening/screener.h"

#include "gtest/gtest.h"
#include "services/screening/screening_service.h"
#include "services/screening/simple_engine.h"

namespace clara::screening {
namespace {

ScreeningInputs Inputs() {
  ScreeningInputs in;
  auto* c = in.event.mutable_candidate();
  c->set_id(1);
  c->set_first_name("Ada");
  c->set_email("ada@example.com");
  auto* q = in.job.add_questions();
  q->set_id("b");
  q->set_title("Permit?");
  q->set_question_type(v1::QUESTION_TYPE_BOOLEAN);
  q = in.job.add_questions();
  q->set_id("r");
  q->set_title("Years?");
  q->set_question_type(v1::QUESTION_TYPE_RANGE);
  q = in.job.add_questions();
  q->set_id("c");
  q->set_title("Stack?");
  q->set_question_type(v1::QUESTION_TYPE_CHOICE);
  auto add = [&](const char* question, google::protobuf::Value v) {
    auto* a = in.evidence.add_answers();
    a->set_question(question);
    *a->mutable_answer() = std::move(v);
  };
  google::protobuf::Value yes, years, list, free;
  yes.set_string_value("yes");
  years.set_string_value("4 years");
  list.mutable_list_value()->add_values()->set_string_value("Ruby");
  list.mutable_list_value()->add_values()->set_string_value("Go");
  free.set_string_value("I built a thing");
  add("Permit?", yes);
  add("Years?", years);
  add("Stack?", list);
  add("Unknown question", free);
  in.evidence.set_resume_text("resume");
  return in;
}

TEST(BuildRawCandidateTest, TypesAnswersByTheJobsQuestions) {
  RawCandidate raw = BuildRawCandidate(Inputs());
  EXPECT_EQ(raw.first_name, "Ada");
  EXPECT_EQ(raw.email, "ada@example.com");
  ASSERT_EQ(raw.answers.size(), 4u);
  EXPECT_EQ(raw.answers[0].question_id(), "b");
  EXPECT_TRUE(raw.answers[0].has_boolean() && raw.answers[0].boolean());
  EXPECT_EQ(raw.answers[1].range(), 4);
  EXPECT_EQ(raw.answers[2].choices().values_size(), 2);
  EXPECT_EQ(raw.answers[3].question_id(), "");
  EXPECT_EQ(raw.answers[3].text(), "I built a thing");
}

TEST(BuildRawCandidateTest, AnswersAsTeamtailorSendsThem) {
  const struct {
    const char* name;
    v1::QuestionType type;
    const char* unit;  // the question's
    google::protobuf::Value answer;
    v1::CandidateAnswer::ValueCase value;
    double range;
    const char* answer_unit;
    bool boolean;
  } kCases[] = {
      {"yes", v1::QUESTION_TYPE_BOOLEAN, "", [] { google::protobuf::Value v; v.set_string_value("yes"); return v; }(),
       v1::CandidateAnswer::kBoolean, 0, "", true},
      {"No", v1::QUESTION_TYPE_BOOLEAN, "", [] { google::protobuf::Value v; v.set_string_value("No"); return v; }(),
       v1::CandidateAnswer::kBoolean, 0, "", false},
      // Only Teamtailor's "yes"/"no" are booleans; other words stay text.
      {"ja", v1::QUESTION_TYPE_BOOLEAN, "", [] { google::protobuf::Value v; v.set_string_value("ja"); return v; }(),
       v1::CandidateAnswer::kText, 0, "", false},
      {"true", v1::QUESTION_TYPE_BOOLEAN, "", [] { google::protobuf::Value v; v.set_string_value("true"); return v; }(),
       v1::CandidateAnswer::kText, 0, "", false},
      {"years", v1::QUESTION_TYPE_RANGE, "years",
       [] { google::protobuf::Value v; v.set_string_value("4 years"); return v; }(), v1::CandidateAnswer::kRange, 4,
       "years", false},
      {"months to a years question", v1::QUESTION_TYPE_RANGE, "years",
       [] { google::protobuf::Value v; v.set_string_value("18 months"); return v; }(), v1::CandidateAnswer::kRange,
       18, "months", false},
      {"years to a months question", v1::QUESTION_TYPE_RANGE, "months",
       [] { google::protobuf::Value v; v.set_string_value("2 years"); return v; }(), v1::CandidateAnswer::kRange, 2,
       "years", false},
      {"1 years", v1::QUESTION_TYPE_RANGE, "years",
       [] { google::protobuf::Value v; v.set_string_value("1 years"); return v; }(), v1::CandidateAnswer::kRange, 1,
       "years", false},
      {"decimal comma", v1::QUESTION_TYPE_RANGE, "år",
       [] { google::protobuf::Value v; v.set_string_value("1,5 år"); return v; }(), v1::CandidateAnswer::kRange, 1.5,
       "år", false},
      {"bare number takes the question's unit", v1::QUESTION_TYPE_RANGE, "months",
       [] { google::protobuf::Value v; v.set_string_value("18"); return v; }(), v1::CandidateAnswer::kRange, 18,
       "months", false},
      {"number value", v1::QUESTION_TYPE_RANGE, "years",
       [] { google::protobuf::Value v; v.set_number_value(3); return v; }(), v1::CandidateAnswer::kRange, 3, "years",
       false},
      {"no number", v1::QUESTION_TYPE_RANGE, "years",
       [] { google::protobuf::Value v; v.set_string_value("a few years"); return v; }(), v1::CandidateAnswer::kText, 0,
       "", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    ScreeningInputs in;
    auto* q = in.job.add_questions();
    q->set_id("q");
    q->set_title("Q?");
    q->set_question_type(c.type);
    q->set_unit(c.unit);
    auto* a = in.evidence.add_answers();
    a->set_question("Q?");
    *a->mutable_answer() = c.answer;
    RawCandidate raw = BuildRawCandidate(in);
    ASSERT_EQ(raw.answers.size(), 1u);
    const v1::CandidateAnswer& got = raw.answers[0];
    EXPECT_EQ(got.question_id(), "q");
    EXPECT_EQ(got.value_case(), c.value);
    if (c.value == v1::CandidateAnswer::kRange) {
      EXPECT_DOUBLE_EQ(got.range(), c.range);
      EXPECT_EQ(got.unit(), c.answer_unit);
    }
    if (c.value == v1::CandidateAnswer::kBoolean) {
      EXPECT_EQ(got.boolean(), c.boolean);
    }
  }
}

TEST(OptionsForTest, ThresholdFromWebhookData) {
  const struct {
    const char* name;
    std::function<void(google::protobuf::Value*)> set;
    std::optional<int> expected;
  } kCases[] = {
      {"string", [](auto* v) { v->set_string_value("70"); }, 70},
      {"number", [](auto* v) { v->set_number_value(62.6); }, 63},
      {"out of range", [](auto* v) { v->set_number_value(150); }, std::nullopt},
      {"not a number", [](auto* v) { v->set_string_value("high"); }, std::nullopt},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    ingest::v1::PartnerEvent e;
    c.set(&(*e.mutable_webhook_data()->mutable_fields())["threshold"]);
    EXPECT_EQ(OptionsFor(e).prequalify_threshold, c.expected);
  }
  EXPECT_FALSE(OptionsFor(ingest::v1::PartnerEvent()).prequalify_threshold.has_value());
}

TEST(RubricVersionForTest, PinnedByTheTrigger) {
  const struct {
    const char* key;
    std::function<void(google::protobuf::Value*)> set;
    int expected;
  } kCases[] = {
      {"rubric-version", [](auto* v) { v->set_string_value("3"); }, 3},
      {"rubric_version", [](auto* v) { v->set_number_value(2); }, 2},
      {"rubric-version", [](auto* v) { v->set_string_value(""); }, 0},
      {"rubric-version", [](auto* v) { v->set_number_value(-1); }, 0},
      {"rubric-version", [](auto* v) { v->set_string_value("latest"); }, 0},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.key);
    ingest::v1::PartnerEvent e;
    c.set(&(*e.mutable_webhook_data()->mutable_fields())[c.key]);
    EXPECT_EQ(RubricVersionFor(e), c.expected);
  }
  EXPECT_EQ(RubricVersionFor(ingest::v1::PartnerEvent()), 0);
}

TEST(FollowUpLanguageTest, ThePolicysLanguageElseTheJobs) {
  v1::Rubric swedish;
  swedish.set_language_code("sv");
  integrations::v1::FollowUpPolicy policy;
  EXPECT_EQ(FollowUpLanguage(policy, swedish), "sv");
  policy.set_language_code("EN");
  EXPECT_EQ(FollowUpLanguage(policy, swedish), "en");
}

TEST(SimpleEngineTest, ScoresKeywordsDeterministicallyWithQuotes) {
  auto engine = NewSimpleEngine();
  v1::Job job;
  job.set_title("Backend");
  job.add_tags("Python");
  job.add_tags("PostgreSQL");
  auto rubric = engine->DeriveRubric(job);
  ASSERT_TRUE(rubric.ok());
  EXPECT_EQ(rubric->criteria_size(), 2);
  EXPECT_EQ(engine->DeriveRubric(v1::Job()).status().code(), absl::StatusCode::kInvalidArgument);
  auto compiled = engine->Compile(*rubric);
  RawCandidate raw;
  raw.resume_text = "Eight years of Python services";
  auto evidence = engine->Deidentify(raw);
  auto a = engine->Score(**compiled, evidence, absl::CivilDay(2026, 11, 15), {});
  auto b = engine->Score(**compiled, evidence, absl::CivilDay(2026, 11, 15), {});
  EXPECT_EQ(a.SerializeAsString(), b.SerializeAsString());
  EXPECT_EQ(a.score(), 50);
  EXPECT_EQ(a.grade(), v1::GRADE_MIGHT_BE_FIT);
  for (const auto& c : a.criteria()) {
    for (const auto& e : c.evidence()) EXPECT_EQ(raw.resume_text.substr(e.begin(), e.end() - e.begin()), e.quote());
  }
  const std::string text = Explain(a);
  EXPECT_NE(text.find("Score 50/100"), std::string::npos);
  EXPECT_NE(text.find("automated system"), std::string::npos);
}

}  // namespace
}  // namespace clara::screening
