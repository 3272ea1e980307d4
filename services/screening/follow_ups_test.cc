// Follow-up logic without I/O: when a policy asks, the questions and message
// built from the engine's, answer validation, answers as evidence, and the
// finalisation of a result closed without answers.
#include "services/screening/follow_ups.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/screening/scoring_engine.h"

namespace clara::screening {
namespace {

namespace iv1 = ::clara::integrations::v1;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// ---------------------------------------------------------------- helpers

v1::FollowUpQuestion EngineQuestion(const std::string& criterion, const std::string& text, v1::QuestionType type) {
  v1::FollowUpQuestion q;
  q.set_criterion_id(criterion);
  q.set_text(text);
  q.set_question_type(type);
  return q;
}

// A result with one unknown must-have (a yes/no question).
v1::ScreeningResult ResultWithQuestion(int score) {
  v1::ScreeningResult r;
  r.set_score(score);
  r.add_tags("clara-might-be-fit");
  r.add_tags("clara-follow-up");
  *r.add_follow_up_questions() = EngineQuestion("permit", "Do you have a work permit?", v1::QUESTION_TYPE_BOOLEAN);
  return r;
}

ingest::v1::PartnerEvent EventAtStage(const std::string& stage) {
  ingest::v1::PartnerEvent e;
  e.set_id("ev");
  e.mutable_candidate()->set_id(1);
  e.mutable_candidate()->mutable_job()->set_id(7);
  e.mutable_candidate()->mutable_job()->set_stage(stage);
  return e;
}

ingest::v1::PartnerEvent EventWithoutJob() {
  ingest::v1::PartnerEvent e;
  e.set_id("ev");
  e.mutable_candidate()->set_id(1);
  return e;
}

iv1::FollowUpPolicy Policy(iv1::FollowUpWhen when, int low = 0, int high = 0, std::vector<std::string> stages = {}) {
  iv1::FollowUpPolicy p;
  p.set_when(when);
  p.set_grey_zone_low(low);
  p.set_grey_zone_high(high);
  for (auto& s : stages) p.add_trigger_stage_names(s);
  p.set_max_questions(3);
  return p;
}

// The engine's questions of every type (and a free-text one CLARA skips),
// with the rubric naming their criteria.
v1::ScreeningResult ResultWithAllTypes() {
  v1::ScreeningResult r;
  r.set_score(55);
  *r.add_follow_up_questions() = EngineQuestion("permit", "Do you have a work permit?", v1::QUESTION_TYPE_BOOLEAN);
  auto single = EngineQuestion("stack", "Which language do you use most?", v1::QUESTION_TYPE_CHOICE);
  single.add_alternatives("Go");
  single.add_alternatives("Rust");
  *r.add_follow_up_questions() = single;
  *r.add_follow_up_questions() =
      EngineQuestion("motivation", "Why do you want this job?", v1::QUESTION_TYPE_TEXT);  // skipped
  auto multi = EngineQuestion("cloud", "Which clouds have you run production on?", v1::QUESTION_TYPE_CHOICE);
  multi.set_multiple(true);
  multi.add_alternatives("AWS");
  multi.add_alternatives("GCP");
  multi.add_alternatives("Azure");
  *r.add_follow_up_questions() = multi;
  auto range = EngineQuestion("years", "How many years of backend experience do you have?", v1::QUESTION_TYPE_RANGE);
  range.set_scale_min(0);
  range.set_scale_max(20);
  range.set_unit("years");
  *r.add_follow_up_questions() = range;
  return r;
}

v1::Rubric RubricWithLabels() {
  v1::Rubric rubric;
  rubric.set_job_id(7);
  for (auto [id, label] : std::vector<std::pair<const char*, const char*>>{
           {"permit", "Work permit for the EU"},
           {"stack", "Go or Rust"},
           {"cloud", "Cloud experience"},
           {"years", "3+ years backend"},
           {"motivation", "Motivation"}}) {
    auto* c = rubric.add_criteria();
    c->set_id(id);
    c->set_label(label);
  }
  return rubric;
}

// A follow-up with one question of each type: q1 yes/no, q2 single-select,
// q3 multi-select, q4 scale 0..10.
fv1::FollowUp FourQuestions() {
  fv1::FollowUp f;
  f.set_state(fv1::FOLLOW_UP_STATE_PENDING);
  auto add = [&](const char* id, const char* criterion, const char* text, fv1::QuestionType type) {
    auto* q = f.add_questions();
    q->set_id(id);
    q->set_criterion_id(criterion);
    q->set_text(text);
    q->set_type(type);
    return q;
  };
  add("q1", "permit", "Do you have a work permit?", fv1::QUESTION_TYPE_YES_NO);
  auto* q2 = add("q2", "stack", "Which language?", fv1::QUESTION_TYPE_SINGLE_SELECT);
  q2->add_options("Go");
  q2->add_options("Rust");
  auto* q3 = add("q3", "cloud", "Which clouds?", fv1::QUESTION_TYPE_MULTI_SELECT);
  q3->add_options("AWS");
  q3->add_options("GCP");
  q3->add_options("Azure");
  auto* q4 = add("q4", "years", "How many years?", fv1::QUESTION_TYPE_SCALE);
  q4->set_scale_min(0);
  q4->set_scale_max(10);
  q4->set_unit("years");
  return f;
}

fv1::Answer Yes(const std::string& q, bool yes) {
  fv1::Answer a;
  a.set_question_id(q);
  a.set_yes(yes);
  return a;
}
fv1::Answer Choices(const std::string& q, std::vector<std::string> values) {
  fv1::Answer a;
  a.set_question_id(q);
  auto* c = a.mutable_choices();
  for (auto& v : values) c->add_values(v);
  return a;
}
fv1::Answer Number(const std::string& q, double n) {
  fv1::Answer a;
  a.set_question_id(q);
  a.set_number(n);
  return a;
}

std::vector<fv1::Answer> ValidAnswers() {
  return {Yes("q1", true), Choices("q2", {"Rust"}), Choices("q3", {"AWS", "Azure"}), Number("q4", 4)};
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Every lead byte is followed by exactly as many continuation bytes as it announces.
bool IsValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::vector<std::string> Tags(const v1::ScreeningResult& r) { return {r.tags().begin(), r.tags().end()}; }

// ---------------------------------------------------------------- ShouldAsk

TEST(ShouldAskTest, UnsetOrNeverPolicyNeverAsks) {
  const auto result = ResultWithQuestion(50);
  const auto event = EventAtStage("Screening");
  EXPECT_FALSE(ShouldAsk(iv1::FollowUpPolicy(), event, result).ask);
  auto decision = ShouldAsk(Policy(iv1::FOLLOW_UP_WHEN_NEVER), event, result);
  EXPECT_FALSE(decision.ask);
  EXPECT_FALSE(decision.reason.empty());
}

TEST(ShouldAskTest, UnknownMustHaveAsksOnlyWhenTheEngineHasQuestions) {
  const auto policy = Policy(iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  const auto event = EventAtStage("Screening");
  auto with = ShouldAsk(policy, event, ResultWithQuestion(10));
  EXPECT_TRUE(with.ask) << with.reason;
  v1::ScreeningResult without = ResultWithQuestion(10);
  without.clear_follow_up_questions();
  EXPECT_FALSE(ShouldAsk(policy, event, without).ask);
  // The score does not matter for this policy.
  EXPECT_TRUE(ShouldAsk(policy, event, ResultWithQuestion(99)).ask);
}

TEST(ShouldAskTest, GreyZoneIsHalfOpen) {
  const auto policy = Policy(iv1::FOLLOW_UP_WHEN_GREY_ZONE, 40, 60);
  const auto event = EventAtStage("Screening");
  struct Case {
    int score;
    bool ask;
  };
  for (const Case& c : {Case{50, true}, Case{40, true}, Case{59, true}, Case{60, false}, Case{39, false},
                        Case{0, false}, Case{100, false}}) {
    EXPECT_EQ(ShouldAsk(policy, event, ResultWithQuestion(c.score)).ask, c.ask) << "score " << c.score;
  }
  // In the zone but nothing to ask.
  v1::ScreeningResult without = ResultWithQuestion(50);
  without.clear_follow_up_questions();
  EXPECT_FALSE(ShouldAsk(policy, event, without).ask);
}

TEST(ShouldAskTest, TriggerStagesMatchIgnoringCaseAndSurroundingSpaces) {
  const auto policy = Policy(iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE, 0, 0, {" Phone Screen ", "Interview"});
  const auto result = ResultWithQuestion(50);
  struct Case {
    std::string stage;
    bool ask;
  };
  for (const Case& c : {Case{"phone screen", true}, Case{"  PHONE SCREEN\t", true}, Case{"interview", true},
                        Case{"Phone", false}, Case{"Phone  Screen", false}, Case{"Offer", false},
                        Case{"", false}}) {
    EXPECT_EQ(ShouldAsk(policy, EventAtStage(c.stage), result).ask, c.ask) << "stage \"" << c.stage << "\"";
  }
  // An event without a job (bulk mode) matches only when no stage is named.
  EXPECT_FALSE(ShouldAsk(policy, EventWithoutJob(), result).ask);
  EXPECT_TRUE(ShouldAsk(Policy(iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE), EventWithoutJob(), result).ask);
  EXPECT_TRUE(ShouldAsk(Policy(iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE), EventAtStage("Anything"), result).ask);
}

TEST(ShouldAskTest, NeverAfterAFailedKnockout) {
  auto result = ResultWithQuestion(50);
  result.add_tags("clara-knockout-failed");
  const auto event = EventAtStage("Screening");
  EXPECT_FALSE(ShouldAsk(Policy(iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE), event, result).ask);
  EXPECT_FALSE(ShouldAsk(Policy(iv1::FOLLOW_UP_WHEN_GREY_ZONE, 40, 60), event, result).ask);
}

// ------------------------------------------------------------ BuildFollowUp

TEST(BuildFollowUpTest, MapsEngineQuestionTypesAndSkipsFreeText) {
  const fv1::FollowUp f = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), "en", 10);
  EXPECT_EQ(f.state(), fv1::FOLLOW_UP_STATE_PENDING);
  ASSERT_EQ(f.questions_size(), 4);

  EXPECT_EQ(f.questions(0).id(), "q1");
  EXPECT_EQ(f.questions(0).criterion_id(), "permit");
  EXPECT_EQ(f.questions(0).type(), fv1::QUESTION_TYPE_YES_NO);
  EXPECT_EQ(f.questions(0).text(), "Do you have a work permit?");

  EXPECT_EQ(f.questions(1).id(), "q2");
  EXPECT_EQ(f.questions(1).criterion_id(), "stack");
  EXPECT_EQ(f.questions(1).type(), fv1::QUESTION_TYPE_SINGLE_SELECT);
  EXPECT_THAT(std::vector<std::string>(f.questions(1).options().begin(), f.questions(1).options().end()),
              ElementsAre("Go", "Rust"));

  EXPECT_EQ(f.questions(2).id(), "q3") << "ids stay consecutive after a skipped free-text question";
  EXPECT_EQ(f.questions(2).criterion_id(), "cloud");
  EXPECT_EQ(f.questions(2).type(), fv1::QUESTION_TYPE_MULTI_SELECT);
  EXPECT_THAT(std::vector<std::string>(f.questions(2).options().begin(), f.questions(2).options().end()),
              ElementsAre("AWS", "GCP", "Azure"));

  EXPECT_EQ(f.questions(3).id(), "q4");
  EXPECT_EQ(f.questions(3).criterion_id(), "years");
  EXPECT_EQ(f.questions(3).type(), fv1::QUESTION_TYPE_SCALE);
  EXPECT_EQ(f.questions(3).scale_min(), 0);
  EXPECT_EQ(f.questions(3).scale_max(), 20);
  EXPECT_EQ(f.questions(3).unit(), "years");

  for (const auto& q : f.questions()) EXPECT_NE(q.criterion_id(), "motivation") << "free text is never asked";
}

TEST(BuildFollowUpTest, CriterionLabelComesFromTheRubric) {
  const fv1::FollowUp f = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), "en", 10);
  ASSERT_EQ(f.questions_size(), 4);
  EXPECT_EQ(f.questions(0).criterion_label(), "Work permit for the EU");
  EXPECT_EQ(f.questions(1).criterion_label(), "Go or Rust");
  EXPECT_EQ(f.questions(2).criterion_label(), "Cloud experience");
  EXPECT_EQ(f.questions(3).criterion_label(), "3+ years backend");
}

TEST(BuildFollowUpTest, HonoursMaxQuestions) {
  for (int max : {0, 1, 2, 3, 4, 9}) {
    const fv1::FollowUp f = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), "en", max);
    ASSERT_EQ(f.questions_size(), std::min(max, 4)) << "max " << max;
    for (int i = 0; i < f.questions_size(); ++i) EXPECT_EQ(f.questions(i).id(), absl::StrCat("q", i + 1));
  }
}

TEST(BuildFollowUpTest, AsksEachCriterionOnce) {
  v1::ScreeningResult r;
  *r.add_follow_up_questions() = EngineQuestion("permit", "Do you have a work permit?", v1::QUESTION_TYPE_BOOLEAN);
  *r.add_follow_up_questions() = EngineQuestion("permit", "Can you work in Sweden?", v1::QUESTION_TYPE_BOOLEAN);
  *r.add_follow_up_questions() = EngineQuestion("license", "Do you have a driving licence?", v1::QUESTION_TYPE_BOOLEAN);
  const fv1::FollowUp f = BuildFollowUp(r, RubricWithLabels(), "en", 10);
  ASSERT_EQ(f.questions_size(), 2);
  EXPECT_EQ(f.questions(0).criterion_id(), "permit");
  EXPECT_EQ(f.questions(0).text(), "Do you have a work permit?");
  EXPECT_EQ(f.questions(1).criterion_id(), "license");
  EXPECT_EQ(f.questions(1).id(), "q2");
  // No label in the rubric: the criterion id stands in.
  EXPECT_EQ(f.questions(1).criterion_label(), "license");
  EXPECT_EQ(f.message().find("Can you work in Sweden?"), std::string::npos);
}

TEST(BuildFollowUpTest, AnUnaskableQuestionDoesNotUseUpItsCriterion) {
  v1::ScreeningResult r;
  *r.add_follow_up_questions() = EngineQuestion("permit", "Tell us about your permit.", v1::QUESTION_TYPE_TEXT);
  *r.add_follow_up_questions() = EngineQuestion("permit", "Do you have a work permit?", v1::QUESTION_TYPE_BOOLEAN);
  const fv1::FollowUp f = BuildFollowUp(r, RubricWithLabels(), "en", 10);
  ASSERT_EQ(f.questions_size(), 1);
  EXPECT_EQ(f.questions(0).text(), "Do you have a work permit?");
  EXPECT_EQ(f.questions(0).type(), fv1::QUESTION_TYPE_YES_NO);
}

TEST(BuildFollowUpTest, NormalisesTheLanguageCode) {
  struct Case {
    std::string in, out;
  };
  for (const Case& c : {Case{"sv", "sv"}, Case{"SV", "sv"}, Case{"de", "de"}, Case{"De", "de"}, Case{"en", "en"},
                        Case{"fr", "en"}, Case{"", "en"}, Case{"sv-SE", "en"}}) {
    const fv1::FollowUp f = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), c.in, 3);
    EXPECT_EQ(f.language_code(), c.out) << "language \"" << c.in << "\"";
    EXPECT_EQ(f.notice(), AutomatedNotice(c.out)) << "language \"" << c.in << "\"";
  }
  EXPECT_NE(AutomatedNotice("sv"), AutomatedNotice("en"));
  EXPECT_NE(AutomatedNotice("de"), AutomatedNotice("en"));
  EXPECT_EQ(AutomatedNotice("fr"), AutomatedNotice("en"));
}

TEST(BuildFollowUpTest, MessageIsNoticeThenIntroThenNumberedQuestionsWithHints) {
  const fv1::FollowUp f = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), "en", 10);
  const std::string& m = f.message();
  ASSERT_TRUE(absl::StartsWith(m, f.notice())) << m;
  const size_t intro = m.find("please answer these questions", f.notice().size());
  ASSERT_NE(intro, std::string::npos) << m;
  const std::vector<std::string> lines = {
      "\n1. Do you have a work permit? (yes/no)",
      "\n2. Which language do you use most? Choose one: Go, Rust",
      "\n3. Which clouds have you run production on? Choose all that apply: AWS, GCP, Azure",
      "\n4. How many years of backend experience do you have? (0–20 years)",
  };
  size_t at = intro;
  for (const auto& line : lines) {
    const size_t found = m.find(line);
    ASSERT_NE(found, std::string::npos) << "missing \"" << line << "\" in:\n" << m;
    EXPECT_GT(found, at) << "out of order: \"" << line << "\"";
    at = found;
  }
  EXPECT_EQ(m.find("Why do you want this job?"), std::string::npos);
  EXPECT_EQ(m.find("\n5."), std::string::npos);
}

TEST(BuildFollowUpTest, SwedishAndGermanMessagesUseTheirWording) {
  const fv1::FollowUp sv = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), "sv", 10);
  EXPECT_TRUE(absl::StartsWith(sv.message(), AutomatedNotice("sv")));
  EXPECT_THAT(sv.message(), HasSubstr("1. Do you have a work permit? (ja/nej)"));
  EXPECT_THAT(sv.message(), HasSubstr("Välj ett alternativ: Go, Rust"));
  EXPECT_THAT(sv.message(), Not(HasSubstr("(yes/no)")));
  const fv1::FollowUp de = BuildFollowUp(ResultWithAllTypes(), RubricWithLabels(), "de", 10);
  EXPECT_TRUE(absl::StartsWith(de.message(), AutomatedNotice("de")));
  EXPECT_THAT(de.message(), HasSubstr("(ja/nein)"));
  EXPECT_THAT(de.message(), HasSubstr("Wähle alle zutreffenden: AWS, GCP, Azure"));
}

TEST(AutomatedNoticeTest, SaysItIsAutomatedAndHowToReachAHuman) {
  struct Case {
    std::string lang, human, automated;
  };
  for (const Case& c : {Case{"en", "HUMAN", "automated"}, Case{"sv", "MÄNNISKA", "automatiserad"},
                        Case{"de", "MENSCH", "automatisiert"}, Case{"xx", "HUMAN", "automated"}}) {
    const std::string n = AutomatedNotice(c.lang);
    EXPECT_THAT(n, HasSubstr(c.human)) << c.lang;
    EXPECT_THAT(n, HasSubstr(c.automated)) << c.lang;
    EXPECT_THAT(n, HasSubstr("CLARA")) << c.lang;
  }
}

// ---------------------------------------------------------- ValidateAnswers

TEST(ValidateAnswersTest, RejectsEachKindOfBadAnswerNamingTheQuestion) {
  struct Case {
    std::string name;
    std::function<void(std::vector<fv1::Answer>&)> mutate;
    std::string mentions;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<Case> cases = {
      {"empty question id", [](auto& a) { a[0].clear_question_id(); }, "question_id"},
      {"unknown question", [](auto& a) { a.push_back(Yes("q9", true)); }, "q9"},
      {"answered twice", [](auto& a) { a.push_back(Yes("q1", false)); }, "q1"},
      {"yes/no without yes", [](auto& a) { a[0] = Number("q1", 1); }, "q1"},
      {"yes/no with nothing", [](auto& a) { a[0].clear_value(); }, "q1"},
      {"single-select with no option", [](auto& a) { a[1] = Choices("q2", {}); }, "q2"},
      {"single-select with two options", [](auto& a) { a[1] = Choices("q2", {"Go", "Rust"}); }, "q2"},
      {"single-select with an unknown option", [](auto& a) { a[1] = Choices("q2", {"Java"}); }, "q2"},
      {"single-select answered yes", [](auto& a) { a[1] = Yes("q2", true); }, "q2"},
      {"multi-select empty", [](auto& a) { a[2] = Choices("q3", {}); }, "q3"},
      {"multi-select duplicate", [](auto& a) { a[2] = Choices("q3", {"AWS", " aws "}); }, "q3"},
      {"multi-select unknown option", [](auto& a) { a[2] = Choices("q3", {"AWS", "Oracle"}); }, "q3"},
      {"scale without number", [](auto& a) { a[3] = Yes("q4", true); }, "q4"},
      {"scale NaN", [nan](auto& a) { a[3] = Number("q4", nan); }, "q4"},
      {"scale infinite", [](auto& a) { a[3] = Number("q4", std::numeric_limits<double>::infinity()); }, "q4"},
      {"scale below min", [](auto& a) { a[3] = Number("q4", -0.5); }, "q4"},
      {"scale above max", [](auto& a) { a[3] = Number("q4", 10.5); }, "q4"},
      {"question left unanswered", [](auto& a) { a.pop_back(); }, "q4"},
      {"no answers at all", [](auto& a) { a.clear(); }, "q1"},
  };
  const fv1::FollowUp f = FourQuestions();
  for (const Case& c : cases) {
    std::vector<fv1::Answer> answers = ValidAnswers();
    c.mutate(answers);
    auto got = ValidateAnswers(f, answers);
    ASSERT_FALSE(got.ok()) << c.name;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << c.name << ": " << got.status();
    EXPECT_THAT(std::string(got.status().message()), HasSubstr(c.mentions)) << c.name;
  }
}

TEST(ValidateAnswersTest, ReturnsAnswersInQuestionOrderSpelledCanonically) {
  const std::vector<fv1::Answer> sloppy = {Number("q4", 10), Choices("q3", {" azure", "AWS "}),
                                           Yes("q1", false), Choices("q2", {"  rUST  "})};
  auto got = ValidateAnswers(FourQuestions(), sloppy);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[0].question_id(), "q1");
  EXPECT_EQ((*got)[0].value_case(), fv1::Answer::kYes);
  EXPECT_FALSE((*got)[0].yes());
  EXPECT_EQ((*got)[1].question_id(), "q2");
  EXPECT_THAT(std::vector<std::string>((*got)[1].choices().values().begin(), (*got)[1].choices().values().end()),
              ElementsAre("Rust"));
  EXPECT_EQ((*got)[2].question_id(), "q3");
  EXPECT_THAT(std::vector<std::string>((*got)[2].choices().values().begin(), (*got)[2].choices().values().end()),
              ElementsAre("Azure", "AWS"));
  EXPECT_EQ((*got)[3].question_id(), "q4");
  EXPECT_EQ((*got)[3].value_case(), fv1::Answer::kNumber);
  EXPECT_EQ((*got)[3].number(), 10) << "the scale's ends are inside it";

  auto low = ValidAnswers();
  low[3] = Number("q4", 0);
  EXPECT_TRUE(ValidateAnswers(FourQuestions(), low).ok());
}

TEST(ValidateAnswersTest, AFollowUpWithoutQuestionsTakesNoAnswers) {
  fv1::FollowUp empty;
  auto none = ValidateAnswers(empty, {});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(ValidateAnswers(empty, {Yes("q1", true)}).status().code(), absl::StatusCode::kInvalidArgument);
}

// -------------------------------------------------------- AnswersAsEvidence

TEST(AnswersAsEvidenceTest, OneCandidateAnswerPerAnswerKeyedByCriterion) {
  fv1::FollowUp f = FourQuestions();
  auto valid = ValidateAnswers(f, ValidAnswers());
  ASSERT_TRUE(valid.ok()) << valid.status();
  for (auto& a : *valid) *f.add_answers() = a;
  const auto evidence = AnswersAsEvidence(f);
  ASSERT_EQ(evidence.size(), 4u);

  EXPECT_EQ(evidence[0].question_id(), FollowUpAnswerId("permit"));
  EXPECT_EQ(evidence[0].question_id(), "follow-up/permit");
  EXPECT_EQ(evidence[0].question(), "Do you have a work permit?");
  EXPECT_EQ(evidence[0].value_case(), v1::CandidateAnswer::kBoolean);
  EXPECT_TRUE(evidence[0].boolean());

  EXPECT_EQ(evidence[1].question_id(), FollowUpAnswerId("stack"));
  EXPECT_EQ(evidence[1].question(), "Which language?");
  EXPECT_EQ(evidence[1].value_case(), v1::CandidateAnswer::kChoices);
  EXPECT_THAT(std::vector<std::string>(evidence[1].choices().values().begin(), evidence[1].choices().values().end()),
              ElementsAre("Rust"));

  EXPECT_EQ(evidence[2].question_id(), FollowUpAnswerId("cloud"));
  EXPECT_EQ(evidence[2].value_case(), v1::CandidateAnswer::kChoices);
  EXPECT_THAT(std::vector<std::string>(evidence[2].choices().values().begin(), evidence[2].choices().values().end()),
              ElementsAre("AWS", "Azure"));

  EXPECT_EQ(evidence[3].question_id(), FollowUpAnswerId("years"));
  EXPECT_EQ(evidence[3].question(), "How many years?");
  EXPECT_EQ(evidence[3].value_case(), v1::CandidateAnswer::kRange);
  EXPECT_EQ(evidence[3].range(), 4);
}

TEST(AnswersAsEvidenceTest, NoAnswersNoEvidence) { EXPECT_TRUE(AnswersAsEvidence(FourQuestions()).empty()); }

// ----------------------------------------------------------------- Finalise

v1::ScreeningResult ProvisionalResult(const std::string& summary) {
  v1::ScreeningResult r;
  r.set_score(57);
  r.set_grade(v1::GRADE_MIGHT_BE_FIT);
  r.set_qualification(v1::QUALIFICATION_LEVEL_PRE_QUALIFIED);
  auto* c = r.add_criteria();
  c->set_criterion_id("permit");
  c->set_label("Work permit");
  c->set_verdict(v1::VERDICT_UNKNOWN);
  c->set_sub_score(0);
  c = r.add_criteria();
  c->set_criterion_id("go");
  c->set_verdict(v1::VERDICT_MET);
  c->set_sub_score(100);
  r.set_summary(summary);
  for (const char* t : {"clara-might-be-fit", "clara-follow-up", "clara-pre-qualified", "custom-tag"}) r.add_tags(t);
  *r.add_follow_up_questions() = EngineQuestion("permit", "Do you have a work permit?", v1::QUESTION_TYPE_BOOLEAN);
  r.set_engine_version("test/1");
  r.set_rubric_hash("rh");
  r.set_input_hash("ih");
  return r;
}

TEST(FinaliseTest, ExpiredAndOptedOutBecomeNeedsReviewWithTheirTags) {
  struct Case {
    fv1::FollowUpState state;
    std::string tag, not_tag, reason;
  };
  for (const Case& c : {Case{fv1::FOLLOW_UP_STATE_EXPIRED, "clara-no-answers", "clara-human-requested",
                             "No answers to follow-up questions."},
                        Case{fv1::FOLLOW_UP_STATE_OPTED_OUT, "clara-human-requested", "clara-no-answers",
                             "Candidate asked for a human review."}}) {
    const v1::ScreeningResult before = ProvisionalResult("Strong Go; work permit unknown.");
    const v1::ScreeningResult r = Finalise(before, c.state);
    const std::string name = StateName(c.state);
    EXPECT_EQ(r.qualification(), v1::QUALIFICATION_LEVEL_NEEDS_REVIEW) << name;
    const auto tags = Tags(r);
    EXPECT_EQ(std::count(tags.begin(), tags.end(), "clara-needs-review"), 1) << name;
    EXPECT_EQ(std::count(tags.begin(), tags.end(), c.tag), 1) << name;
    EXPECT_EQ(std::count(tags.begin(), tags.end(), c.not_tag), 0) << name;
    EXPECT_EQ(std::count(tags.begin(), tags.end(), "clara-follow-up"), 0) << name;
    EXPECT_EQ(std::count(tags.begin(), tags.end(), "clara-pre-qualified"), 0) << name;
    EXPECT_EQ(std::count(tags.begin(), tags.end(), "clara-might-be-fit"), 1) << name;
    EXPECT_EQ(std::count(tags.begin(), tags.end(), "custom-tag"), 1) << name;
    EXPECT_TRUE(absl::StartsWith(r.summary(), c.reason)) << name << ": " << r.summary();
    EXPECT_TRUE(absl::EndsWith(r.summary(), "Strong Go; work permit unknown.")) << name << ": " << r.summary();
    // The engine's findings stay as they were.
    EXPECT_EQ(r.score(), before.score()) << name;
    EXPECT_EQ(r.grade(), before.grade()) << name;
    ASSERT_EQ(r.criteria_size(), before.criteria_size()) << name;
    for (int i = 0; i < r.criteria_size(); ++i) {
      EXPECT_TRUE(MessageDifferencer::Equals(r.criteria(i), before.criteria(i))) << name << " criterion " << i;
    }
    EXPECT_EQ(r.criteria(0).verdict(), v1::VERDICT_UNKNOWN) << name;
    EXPECT_EQ(r.rubric_hash(), before.rubric_hash()) << name;
    EXPECT_EQ(r.input_hash(), before.input_hash()) << name;
    EXPECT_EQ(r.engine_version(), before.engine_version()) << name;
  }
}

TEST(FinaliseTest, NeedsReviewTagIsNotDuplicated) {
  v1::ScreeningResult before = ProvisionalResult("x");
  before.add_tags("clara-needs-review");
  const auto tags = Tags(Finalise(before, fv1::FOLLOW_UP_STATE_EXPIRED));
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "clara-needs-review"), 1);
}

TEST(FinaliseTest, SummaryIsAtMost150CodePointsEvenInUtf8) {
  std::string long_summary;
  for (int i = 0; i < 300; ++i) long_summary += "å";  // 2 bytes each
  for (auto state : {fv1::FOLLOW_UP_STATE_EXPIRED, fv1::FOLLOW_UP_STATE_OPTED_OUT}) {
    const v1::ScreeningResult r = Finalise(ProvisionalResult(long_summary), state);
    EXPECT_LE(CodePoints(r.summary()), 150u) << StateName(state);
    EXPECT_GE(CodePoints(r.summary()), 140u) << "cut, not dropped: " << r.summary();
    EXPECT_TRUE(IsValidUtf8(r.summary())) << StateName(state) << ": a code point was cut in half";
    EXPECT_TRUE(absl::StartsWith(r.summary(), state == fv1::FOLLOW_UP_STATE_EXPIRED ? "No answers"
                                                                                    : "Candidate asked"));
    EXPECT_THAT(r.summary(), HasSubstr("åå"));
  }
  // Three-byte code points too.
  std::string euros;
  for (int i = 0; i < 200; ++i) euros += "€";
  const v1::ScreeningResult r = Finalise(ProvisionalResult(euros), fv1::FOLLOW_UP_STATE_EXPIRED);
  EXPECT_LE(CodePoints(r.summary()), 150u);
  EXPECT_TRUE(IsValidUtf8(r.summary()));
}

TEST(FinaliseTest, SummaryAtExactlyTheLimitIsKeptWhole) {
  const std::string reason = "No answers to follow-up questions. ";
  const size_t room = 150 - CodePoints(reason);
  std::string fits;
  for (size_t i = 0; i < room; ++i) fits += "ö";
  const v1::ScreeningResult whole = Finalise(ProvisionalResult(fits), fv1::FOLLOW_UP_STATE_EXPIRED);
  EXPECT_EQ(whole.summary(), reason + fits);
  EXPECT_EQ(CodePoints(whole.summary()), 150u);

  const v1::ScreeningResult cut = Finalise(ProvisionalResult(fits + "ö"), fv1::FOLLOW_UP_STATE_EXPIRED);
  EXPECT_EQ(CodePoints(cut.summary()), 150u);
  EXPECT_NE(cut.summary(), reason + fits + "ö");
  EXPECT_TRUE(IsValidUtf8(cut.summary()));
}

// ------------------------------------------------- BasisFor, state names

TEST(BasisForTest, OnlyClosedWithoutAnswersHasItsOwnBasis) {
  EXPECT_EQ(BasisFor(fv1::FOLLOW_UP_STATE_EXPIRED), "follow-up-expired");
  EXPECT_EQ(BasisFor(fv1::FOLLOW_UP_STATE_OPTED_OUT), "follow-up-opted-out");
  for (auto s : {fv1::FOLLOW_UP_STATE_UNSPECIFIED, fv1::FOLLOW_UP_STATE_PENDING, fv1::FOLLOW_UP_STATE_SENT,
                 fv1::FOLLOW_UP_STATE_ANSWERED}) {
    EXPECT_EQ(BasisFor(s), "engine") << s;
  }
}

TEST(StateNameTest, RoundTripsTheColumnValues) {
  struct Case {
    fv1::FollowUpState state;
    std::string name;
  };
  for (const Case& c : {Case{fv1::FOLLOW_UP_STATE_PENDING, "pending"}, Case{fv1::FOLLOW_UP_STATE_SENT, "sent"},
                        Case{fv1::FOLLOW_UP_STATE_ANSWERED, "answered"}, Case{fv1::FOLLOW_UP_STATE_EXPIRED, "expired"},
                        Case{fv1::FOLLOW_UP_STATE_OPTED_OUT, "opted_out"}}) {
    EXPECT_EQ(StateName(c.state), c.name);
    EXPECT_EQ(StateFromName(c.name), c.state) << c.name;
    EXPECT_EQ(StateFromName(StateName(c.state)), c.state) << c.name;
  }
  EXPECT_EQ(StateName(fv1::FOLLOW_UP_STATE_UNSPECIFIED), "");
  EXPECT_EQ(StateFromName(""), fv1::FOLLOW_UP_STATE_UNSPECIFIED);
  EXPECT_EQ(StateFromName("bogus"), fv1::FOLLOW_UP_STATE_UNSPECIFIED);
  EXPECT_EQ(StateFromName("PENDING"), fv1::FOLLOW_UP_STATE_UNSPECIFIED) << "column values are lower case";
}

}  // namespace
}  // namespace clara::screening
