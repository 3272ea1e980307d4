// Follow-up questions through the real binaries: a candidate whose résumé
// leaves a must-have unknown gets questions (FollowUpService), Teamtailor
// (the simulator) shows a pending result with clara-awaiting-answers while
// CLARA waits, and answers, an opt-out or the answer timeout each end in a
// completed result. Also: invalid answers are refused with nothing stored, a
// "never" policy asks nobody, and Swedish and German jobs get questions in
// their own language.
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clara/followups/v1/followups.grpc.pb.h"
#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "clara/screening/v1/screening.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

namespace fv1 = ::clara::followups::v1;
namespace iv1 = ::clara::integrations::v1;
namespace sv1 = ::clara::screening::v1;

constexpr char kTriggerStage[] = "CLARA screening";
constexpr int64_t kBackendJob = 12345, kWarehouseJob = 12346, kDispatcherJob = 12347;

// Meets every must-have of the backend job but says nothing of a work permit.
constexpr char kBackendResume[] = R"(# Jonna Testsson
Senior Backend Engineer · Stockholm

## Summary
Backend engineer with 9 years of experience building distributed services in C++ and Go.

## Experience
Fraktlinjen Nord AB — Senior Backend Engineer, 2019–present
- Built low-latency C++20 services with gRPC that plan routes for 4,000 vehicles in production.
- Designed PostgreSQL schemas, tuned queries and transactions on tables with 500 million rows.
- Built Kafka event pipelines between distributed services and warehouse systems.
Kvadrat Mobility AB — Backend Developer, 2015–2019
- Go microservices in production with RabbitMQ message queues and PostgreSQL.

## Languages
English (fluent), Swedish (native)

## Skills
C++20, Go, PostgreSQL, Kafka, RabbitMQ, gRPC, Kubernetes
)";

// A warehouse manager who never mentions forklift licences (Truckkort).
constexpr char kWarehouseResume[] = R"(# Kim Provsson
Lagerchef · Jönköping

## Erfarenhet
Nordlager AB — Lagerchef, 2018–nu
- Personalansvar för 40 medarbetare och tre teamledare i två skift inom lager och logistik.
- Arbetar dagligen i WMS (SAP EWM) och driver förbättringsarbete enligt Lean och 5S.

## Språk
Svenska (modersmål), engelska (goda kunskaper)
)";

// A dispatcher whose German level is not stated.
constexpr char kDispatcherResume[] = R"(# Alex Probe
Disponent · Hamburg

## Berufserfahrung
Nordspedition GmbH — Disponent im Straßengüterverkehr, 03/2019 – heute
- Disposition von 50 Lkw im internationalen Fernverkehr, Lenk- und Ruhezeiten nach VO (EG) 561/2006.

## Ausbildung
Kaufmann für Spedition und Logistikdienstleistung, IHK, 2018
)";

// A valid answer to `q` (yes; the scale's top; the first real option).
fv1::Answer ValidAnswer(const fv1::Question& q) {
  fv1::Answer a;
  a.set_question_id(q.id());
  switch (q.type()) {
    case fv1::QUESTION_TYPE_YES_NO: a.set_yes(true); break;
    case fv1::QUESTION_TYPE_SCALE: a.set_number(q.scale_max()); break;
    case fv1::QUESTION_TYPE_SINGLE_SELECT: a.mutable_choices()->add_values(q.options(q.options_size() - 1)); break;
    default: a.mutable_choices()->add_values(q.options(0)); break;
  }
  return a;
}

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return c;
}

class FollowUpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StackOptions options;
    options.extra_screening_args = {"--follow_up_sweep_seconds=1"};
    stack_ = new Stack(options);
    ASSERT_TRUE(stack_->Start());  // selects every open job
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(stack_, nullptr);
    follow_ups_ = fv1::FollowUpService::NewStub(stack_->ScreeningChannel());
    admin_ = iv1::IntegrationService::NewStub(stack_->IngestChannel());
  }

  // ConfigureFollowUps over gRPC (job 0 = the integration's default).
  void Policy(int64_t job_id, iv1::FollowUpWhen when) {
    iv1::ConfigureFollowUpsRequest req;
    req.set_integration_id(stack_->integration_id());
    req.mutable_policy()->set_job_id(job_id);
    req.mutable_policy()->set_when(when);
    iv1::ConfigureFollowUpsResponse resp;
    grpc::Status s = admin_->ConfigureFollowUps(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // A new candidate applying to `job_id`, moved into the trigger stage.
  int64_t Trigger(int64_t job_id, const std::string& resume, const std::string& first_name) {
    auto created = stack_->SimPost("/_sim/candidates", {{"first-name", first_name},
                                                        {"last-name", "Testsson"},
                                                        {"email", first_name + "@example.com"},
                                                        {"job-id", job_id},
                                                        {"resume", resume}});
    int64_t id = 0;
    if (!created.contains("data") || !absl::SimpleAtoi(created["data"]["id"].get<std::string>(), &id)) {
      ADD_FAILURE() << "candidate not created: " << created.dump();
      return 0;
    }
    stack_->MoveCandidate(id, kTriggerStage);
    return id;
  }

  // The candidate's follow-up (any state), once it exists.
  std::optional<fv1::FollowUp> FollowUpOf(int64_t candidate_id, int64_t job_id) {
    std::optional<fv1::FollowUp> found;
    stack_->Eventually([&] {
      fv1::ListFollowUpsRequest req;
      req.set_integration_id(stack_->integration_id());
      req.set_job_id(job_id);
      for (int s = fv1::FOLLOW_UP_STATE_PENDING; s <= fv1::FOLLOW_UP_STATE_OPTED_OUT; ++s) {
        req.add_states(static_cast<fv1::FollowUpState>(s));
      }
      fv1::ListFollowUpsResponse resp;
      if (!follow_ups_->ListFollowUps(Ctx().get(), req, &resp).ok()) return false;
      for (const auto& f : resp.follow_ups()) {
        if (f.candidate_id() == candidate_id) found = f;
      }
      return found.has_value();
    });
    return found;
  }

  nlohmann::json Candidate(int64_t id) { return stack_->SimCandidate(id); }

  sv1::Screening GetScreening(const std::string& id) {
    sv1::GetScreeningRequest req;
    req.set_integration_id(stack_->integration_id());
    req.set_screening_id(id);
    sv1::GetScreeningResponse resp;
    grpc::Status s = sv1::ScreeningService::NewStub(stack_->ScreeningChannel())->GetScreening(Ctx().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.screening();
  }
  static sv1::Verdict VerdictOf(const sv1::Screening& s, const std::string& criterion_id) {
    for (const auto& c : s.result().criteria()) {
      if (c.criterion_id() == criterion_id) return c.verdict();
    }
    return sv1::VERDICT_UNSPECIFIED;
  }

  static std::string ResultStatus(const nlohmann::json& c) {
    if (!c.is_object() || c["partner_results"].empty()) return "";
    return c["partner_results"].back()["status"];
  }
  static bool HasTag(const nlohmann::json& c, const std::string& tag) {
    for (const auto& t : c["tags"]) {
      if (t == tag) return true;
    }
    return false;
  }
  bool Settled() {
    return stack_->Count("SELECT count(*) FROM work_items WHERE state NOT IN ('done', 'dead')") == 0;
  }
  // The pending result with the awaiting tag, as the recruiter sees it.
  bool ShowsWaiting(int64_t id) {
    const auto c = Candidate(id);
    return ResultStatus(c) == "pending" && HasTag(c, "clara-awaiting-answers") && Settled();
  }
  bool ShowsCompleted(int64_t id) {
    const auto c = Candidate(id);
    return ResultStatus(c) == "completed" && Settled();
  }
  std::string Db1(const std::string& sql) {
    pqxx::nontransaction tx(stack_->Db());
    auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  static Stack* stack_;
  std::unique_ptr<fv1::FollowUpService::Stub> follow_ups_;
  std::unique_ptr<iv1::IntegrationService::Stub> admin_;
};
Stack* FollowUpTest::stack_ = nullptr;

TEST_F(FollowUpTest, AnswersLeadToACompletedResultWithANewScoreAndTheMappedMove) {
  Policy(0, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  iv1::MapActionConfig config;
  auto* pre = config.add_rules();
  pre->set_outcome(iv1::OUTCOME_PRE_QUALIFIED);
  pre->add_actions()->mutable_move_to_stage()->set_stage_name("Phone screen");
  auto* waiting = config.add_rules();
  waiting->set_outcome(iv1::OUTCOME_AWAITING_FOLLOW_UP);
  waiting->add_actions()->mutable_add_tags()->add_tags("waiting-for-candidate");
  stack_->SetMapActions(config);

  const int64_t id = Trigger(kBackendJob, kBackendResume, "Jonna");
  ASSERT_NE(id, 0);
  std::optional<fv1::FollowUp> f = FollowUpOf(id, kBackendJob);
  ASSERT_TRUE(f.has_value()) << stack_->Logs();
  EXPECT_EQ(f->state(), fv1::FOLLOW_UP_STATE_PENDING);
  EXPECT_EQ(f->language_code(), "en");
  ASSERT_GE(f->questions_size(), 1);
  bool asks_permit = false;
  std::string permit_criterion;
  for (const auto& q : f->questions()) {
    EXPECT_FALSE(q.criterion_id().empty());
    EXPECT_NE(q.type(), fv1::QUESTION_TYPE_UNSPECIFIED);
    if (q.type() == fv1::QUESTION_TYPE_YES_NO && absl::StrContains(q.criterion_label(), "permit")) {
      asks_permit = true;
      permit_criterion = q.criterion_id();
    }
  }
  EXPECT_TRUE(asks_permit) << f->DebugString();
  // The message starts with the notice, which says how to reach a human.
  EXPECT_TRUE(absl::StartsWith(f->message(), f->notice()));
  EXPECT_TRUE(absl::StrContains(f->notice(), "automated"));
  EXPECT_TRUE(absl::StrContains(f->notice(), "HUMAN"));

  // claractl shows it under its job.
  int rc = -1;
  const std::string listed = stack_->Claractl({"pending-follow-ups"}, &rc);
  EXPECT_EQ(rc, 0) << listed;
  EXPECT_NE(listed.find(absl::StrCat("JOB ", kBackendJob, ":")), std::string::npos) << listed;
  EXPECT_NE(listed.find(f->id()), std::string::npos) << listed;
  EXPECT_NE(listed.find(absl::StrCat(id)), std::string::npos) << listed;
  EXPECT_NE(listed.find(f->questions(0).criterion_label()), std::string::npos) << listed;
  const std::string shown = stack_->Claractl({"follow-up", "--follow_up", f->id()}, &rc);
  EXPECT_EQ(rc, 0) << shown;
  EXPECT_NE(shown.find(f->notice()), std::string::npos) << shown;

  // While CLARA waits: pending result, the tag, the Map Action, no move.
  ASSERT_TRUE(stack_->Eventually([&] { return ShowsWaiting(id); })) << Candidate(id).dump() << stack_->Logs();
  auto c = Candidate(id);
  EXPECT_TRUE(absl::StrContains(c["partner_results"].back()["summary"].get<std::string>(), "Waiting for the candidate"));
  EXPECT_TRUE(HasTag(c, "waiting-for-candidate")) << c["tags"].dump();
  EXPECT_EQ(c["stage"]["name"], kTriggerStage);
  EXPECT_TRUE(c["custom_fields"].empty()) << "no score field for a provisional result";
  const std::string provisional =
      Db1(absl::StrCat("SELECT id::text FROM screenings WHERE candidate_id = ", id, " AND follow_up_id IS NOT NULL"));
  ASSERT_FALSE(provisional.empty());
  // The permit is unknown in the provisional result.
  const sv1::Screening before = GetScreening(provisional);
  EXPECT_EQ(before.follow_up_id(), f->id());
  EXPECT_EQ(VerdictOf(before, permit_criterion), sv1::VERDICT_UNKNOWN);
  EXPECT_TRUE(c["partner_results"].back()["score"].is_null()) << "a pending result shows no score";
  std::string permit_label;
  for (const auto& q : f->questions()) {
    if (absl::StrContains(q.criterion_label(), "permit")) permit_label = q.criterion_label();
  }

  // The messaging service sends it, then the candidate answers.
  fv1::MarkSentRequest sent;
  sent.set_integration_id(stack_->integration_id());
  sent.set_follow_up_id(f->id());
  fv1::MarkSentResponse sent_resp;
  ASSERT_TRUE(follow_ups_->MarkSent(Ctx().get(), sent, &sent_resp).ok());
  EXPECT_EQ(sent_resp.follow_up().state(), fv1::FOLLOW_UP_STATE_SENT);
  EXPECT_TRUE(sent_resp.follow_up().has_sent_at());

  fv1::SubmitAnswersRequest answers;
  answers.set_integration_id(stack_->integration_id());
  answers.set_follow_up_id(f->id());
  for (const auto& q : f->questions()) *answers.add_answers() = ValidAnswer(q);
  // An answer claractl can't read is refused before anything is sent.
  std::string permit_question;
  for (const auto& q : f->questions()) {
    if (q.criterion_id() == permit_criterion) permit_question = q.id();
  }
  const std::string bad =
      stack_->Claractl({"answer", "--follow_up", f->id(), "--answer", permit_question + "=maybe"}, &rc);
  EXPECT_NE(rc, 0) << bad;
  EXPECT_NE(bad.find(permit_question + " is yes/no"), std::string::npos) << bad;
  fv1::SubmitAnswersResponse answered;
  grpc::Status s = follow_ups_->SubmitAnswers(Ctx().get(), answers, &answered);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(answered.follow_up().state(), fv1::FOLLOW_UP_STATE_ANSWERED);
  EXPECT_EQ(answered.follow_up().answers_size(), f->questions_size());
  // A retry of the same answers is fine and changes nothing.
  fv1::SubmitAnswersResponse again;
  EXPECT_TRUE(follow_ups_->SubmitAnswers(Ctx().get(), answers, &again).ok());

  ASSERT_TRUE(stack_->Eventually([&] { return ShowsCompleted(id); })) << Candidate(id).dump() << stack_->Logs();
  c = Candidate(id);
  EXPECT_FALSE(HasTag(c, "clara-awaiting-answers")) << c["tags"].dump();
  EXPECT_EQ(c["stage"]["name"], "Phone screen") << "the pre_qualified Map Action moves the candidate";
  ASSERT_TRUE(c["partner_results"].back()["score"].is_number()) << c["partner_results"].back().dump();
  const int final_score = c["partner_results"].back()["score"].get<int>();
  const auto& field = c["custom_fields"]["clara-score"]["value"];
  EXPECT_EQ(field.is_string() ? field.get<std::string>() : field.dump(), std::to_string(final_score));
  // The permit, unknown before, is met by the answer.
  const auto& requirements = c["partner_results"].back()["details"]["Requirements"];
  bool permit_met = false;
  for (const auto& [label, verdict] : requirements.items()) {
    permit_met |= absl::StrContains(permit_label, label.substr(0, 20)) && verdict == "met";
  }
  EXPECT_TRUE(permit_met) << permit_label << " in " << requirements.dump();
  // Counted, without personal data in the labels.
  const std::string metrics = stack_->HttpGet(stack_->screening_metrics_port(), "/metrics");
  EXPECT_NE(metrics.find("clara_screening_follow_ups_total{event=\"asked\"}"), std::string::npos);
  EXPECT_NE(metrics.find("clara_screening_follow_ups_total{event=\"answered\"}"), std::string::npos);
  EXPECT_NE(metrics.find("clara_screening_follow_ups_total{event=\"sent\"}"), std::string::npos);
  EXPECT_EQ(metrics.find("Jonna"), std::string::npos);
  // A new result; the old one is kept.
  EXPECT_EQ(stack_->Count(absl::StrCat("SELECT count(*) FROM screenings WHERE candidate_id = ", id)), 2);
  const std::string final_id =
      Db1(absl::StrCat("SELECT id::text FROM screenings WHERE candidate_id = ", id, " AND follow_up_id IS NULL"));
  const sv1::Screening after = GetScreening(final_id);
  EXPECT_EQ(after.result().qualification(), sv1::QUALIFICATION_LEVEL_PRE_QUALIFIED);
  EXPECT_EQ(after.basis(), "engine");
  EXPECT_EQ(VerdictOf(after, permit_criterion), sv1::VERDICT_MET);
  EXPECT_EQ(after.result().score(), final_score);
  // The answer is the evidence of the criterion it settled.
  EXPECT_EQ(stack_->Count(absl::StrCat("SELECT count(*) FROM screenings WHERE candidate_id = ", id,
                                       " AND position('follow-up/' in encode(result, 'escape')) > 0")),
            1);
}

TEST_F(FollowUpTest, InvalidAnswersAreRefusedClearlyAndNothingIsStored) {
  Policy(0, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  const int64_t id = Trigger(kBackendJob, kBackendResume, "Ines");
  ASSERT_NE(id, 0);
  std::optional<fv1::FollowUp> f = FollowUpOf(id, kBackendJob);
  ASSERT_TRUE(f.has_value()) << stack_->Logs();
  ASSERT_TRUE(stack_->Eventually([&] { return ShowsWaiting(id); }));
  const int64_t items_before = stack_->Count("SELECT count(*) FROM work_items");
  const fv1::Question q = f->questions(0);

  struct Case {
    const char* name;
    std::function<void(fv1::SubmitAnswersRequest*)> fill;
    const char* says;
  };
  const std::vector<Case> cases = {
      {"no answers", [](fv1::SubmitAnswersRequest*) {}, "required"},
      {"unknown question",
       [&](fv1::SubmitAnswersRequest* r) {
         auto* a = r->add_answers();
         a->set_question_id("q99");
         a->set_yes(true);
       },
       "does not have"},
      {"wrong type",
       [&](fv1::SubmitAnswersRequest* r) {
         auto* a = r->add_answers();
         a->set_question_id(q.id());
         if (q.type() == fv1::QUESTION_TYPE_SCALE) a->set_yes(true);
         else a->set_number(3);
       },
       q.id().c_str()},
      {"twice",
       [&](fv1::SubmitAnswersRequest* r) {
         *r->add_answers() = ValidAnswer(q);
         *r->add_answers() = ValidAnswer(q);
       },
       "more than once"},
      {"no question id",
       [&](fv1::SubmitAnswersRequest* r) {
         fv1::Answer a = ValidAnswer(q);
         a.clear_question_id();
         *r->add_answers() = a;
       },
       "has no question_id"},
      {"a question left out",
       [&](fv1::SubmitAnswersRequest* r) {
         for (int i = 1; i < f->questions_size(); ++i) *r->add_answers() = ValidAnswer(f->questions(i));
         if (r->answers_size() == 0) r->add_answers()->set_question_id("q0");  // one question: a wrong one instead
       },
       f->questions_size() > 1 ? "is not answered" : "does not have"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    fv1::SubmitAnswersRequest req;
    req.set_integration_id(stack_->integration_id());
    req.set_follow_up_id(f->id());
    c.fill(&req);
    fv1::SubmitAnswersResponse resp;
    grpc::Status s = follow_ups_->SubmitAnswers(Ctx().get(), req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_TRUE(absl::StrContains(s.error_message(), c.says)) << s.error_message();
  }
  // Unknown follow-up id, another tenant: NOT_FOUND.
  fv1::SubmitAnswersRequest other;
  other.set_integration_id("00000000-0000-4000-8000-000000000000");
  other.set_follow_up_id(f->id());
  other.add_answers()->set_question_id(q.id());
  fv1::SubmitAnswersResponse resp;
  EXPECT_EQ(follow_ups_->SubmitAnswers(Ctx().get(), other, &resp).error_code(), grpc::StatusCode::NOT_FOUND);

  // Nothing stored: still open, no answers, no new work.
  fv1::GetFollowUpRequest get;
  get.set_integration_id(stack_->integration_id());
  get.set_follow_up_id(f->id());
  fv1::GetFollowUpResponse now;
  ASSERT_TRUE(follow_ups_->GetFollowUp(Ctx().get(), get, &now).ok());
  EXPECT_EQ(now.follow_up().state(), fv1::FOLLOW_UP_STATE_PENDING);
  EXPECT_EQ(now.follow_up().answers_size(), 0);
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM work_items"), items_before);
  EXPECT_EQ(ResultStatus(Candidate(id)), "pending");
}

TEST_F(FollowUpTest, OptOutFinalisesAsNeedsReviewForAHuman) {
  Policy(0, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  const int64_t id = Trigger(kBackendJob, kBackendResume, "Olle");
  ASSERT_NE(id, 0);
  std::optional<fv1::FollowUp> f = FollowUpOf(id, kBackendJob);
  ASSERT_TRUE(f.has_value()) << stack_->Logs();
  ASSERT_TRUE(stack_->Eventually([&] { return ShowsWaiting(id); }));

  fv1::OptOutRequest req;
  req.set_integration_id(stack_->integration_id());
  req.set_follow_up_id(f->id());
  fv1::OptOutResponse resp;
  ASSERT_TRUE(follow_ups_->OptOut(Ctx().get(), req, &resp).ok());
  EXPECT_EQ(resp.follow_up().state(), fv1::FOLLOW_UP_STATE_OPTED_OUT);
  EXPECT_TRUE(follow_ups_->OptOut(Ctx().get(), req, &resp).ok()) << "idempotent";

  ASSERT_TRUE(stack_->Eventually([&] { return ShowsCompleted(id); })) << Candidate(id).dump() << stack_->Logs();
  const auto c = Candidate(id);
  EXPECT_TRUE(HasTag(c, "clara-needs-review")) << c["tags"].dump();
  EXPECT_TRUE(HasTag(c, "clara-human-requested")) << c["tags"].dump();
  EXPECT_FALSE(HasTag(c, "clara-awaiting-answers")) << c["tags"].dump();
  EXPECT_TRUE(absl::StrContains(c["partner_results"].back()["summary"].get<std::string>(), "human"));
  EXPECT_EQ(Db1(absl::StrCat("SELECT qualification || '/' || basis FROM screenings WHERE candidate_id = ", id,
                             " AND follow_up_id IS NULL")),
            "needs_review/follow-up-opted-out");

  // A late retry of the provisional result's write-back (say its worker
  // died) must not bring "pending" back: a newer screening superseded it.
  const std::string provisional =
      Db1(absl::StrCat("SELECT id::text FROM screenings WHERE candidate_id = ", id, " AND follow_up_id IS NOT NULL"));
  ASSERT_FALSE(provisional.empty());
  {
    pqxx::work tx(stack_->Db());
    tx.exec_params("DELETE FROM writeback_operations WHERE screening_id = $1::uuid", provisional);
    tx.exec_params("UPDATE work_items SET state = 'ready', run_at = now(), attempts = 0, locked_by = NULL,"
                   " locked_until = NULL WHERE queue = 'writeback' AND dedupe_key = $1",
                   provisional);
    tx.exec("SELECT pg_notify('clara_work', 'writeback')");
    tx.commit();
  }
  ASSERT_TRUE(stack_->Eventually([&] {
    return stack_->Count(absl::StrCat("SELECT count(*) FROM writeback_operations WHERE screening_id = '", provisional,
                                      "' AND state = 'skipped' AND last_error LIKE 'superseded by screening %'")) == 5 &&
           Settled();
  })) << stack_->Logs();
  EXPECT_EQ(ResultStatus(Candidate(id)), "completed");
  EXPECT_FALSE(HasTag(Candidate(id), "clara-awaiting-answers"));

  // Answers after the opt-out are refused.
  fv1::SubmitAnswersRequest late;
  late.set_integration_id(stack_->integration_id());
  late.set_follow_up_id(f->id());
  for (const auto& q : f->questions()) *late.add_answers() = ValidAnswer(q);
  fv1::SubmitAnswersResponse late_resp;
  grpc::Status s = follow_ups_->SubmitAnswers(Ctx().get(), late, &late_resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "human")) << s.error_message();
}

TEST_F(FollowUpTest, WhenTimeRunsOutTheResultIsFinalisedWithTheCriteriaUnknown) {
  Policy(0, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  const int64_t id = Trigger(kBackendJob, kBackendResume, "Eero");
  ASSERT_NE(id, 0);
  std::optional<fv1::FollowUp> f = FollowUpOf(id, kBackendJob);
  ASSERT_TRUE(f.has_value()) << stack_->Logs();
  ASSERT_TRUE(stack_->Eventually([&] { return ShowsWaiting(id); }));
  // Time passes: the answer timeout (hours) is moved into the past.
  {
    pqxx::work tx(stack_->Db());
    tx.exec_params("UPDATE follow_ups SET expires_at = now() - interval '1 second' WHERE id = $1::uuid", f->id());
    tx.commit();
  }
  ASSERT_TRUE(stack_->Eventually([&] { return ShowsCompleted(id); })) << Candidate(id).dump() << stack_->Logs();
  const auto c = Candidate(id);
  EXPECT_TRUE(HasTag(c, "clara-needs-review")) << c["tags"].dump();
  EXPECT_TRUE(HasTag(c, "clara-no-answers")) << c["tags"].dump();
  EXPECT_FALSE(HasTag(c, "clara-awaiting-answers"));
  EXPECT_EQ(c["partner_results"].back()["details"]["Requirements"].dump().find("unknown") != std::string::npos, true)
      << c["partner_results"].back().dump();
  EXPECT_EQ(Db1(absl::StrCat("SELECT state FROM follow_ups WHERE id = '", f->id(), "'")), "expired");
  EXPECT_EQ(Db1(absl::StrCat("SELECT qualification || '/' || basis FROM screenings WHERE candidate_id = ", id,
                             " AND follow_up_id IS NULL")),
            "needs_review/follow-up-expired");
  // Answers after the expiry are refused.
  fv1::OptOutRequest req;
  req.set_integration_id(stack_->integration_id());
  req.set_follow_up_id(f->id());
  fv1::OptOutResponse resp;
  EXPECT_EQ(follow_ups_->OptOut(Ctx().get(), req, &resp).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(FollowUpTest, APolicyOfNeverAsksNobody) {
  Policy(0, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  Policy(kBackendJob, iv1::FOLLOW_UP_WHEN_NEVER);  // the job's own policy wins
  const int64_t id = Trigger(kBackendJob, kBackendResume, "Nils");
  ASSERT_NE(id, 0);
  ASSERT_TRUE(stack_->Eventually([&] { return ShowsCompleted(id); })) << Candidate(id).dump() << stack_->Logs();
  const auto c = Candidate(id);
  EXPECT_FALSE(HasTag(c, "clara-awaiting-answers"));
  EXPECT_EQ(stack_->Count(absl::StrCat("SELECT count(*) FROM follow_ups WHERE candidate_id = ", id)), 0);
  // The unknown must-have is still reported, for a recruiter.
  EXPECT_NE(c["partner_results"].back()["details"].dump().find("unknown"), std::string::npos);
  Policy(kBackendJob, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
}

TEST_F(FollowUpTest, SwedishAndGermanJobsAskInTheirLanguage) {
  Policy(0, iv1::FOLLOW_UP_WHEN_UNKNOWN_MUST_HAVE);
  const int64_t sv = Trigger(kWarehouseJob, kWarehouseResume, "Kim");
  const int64_t de = Trigger(kDispatcherJob, kDispatcherResume, "Alex");
  ASSERT_NE(sv, 0);
  ASSERT_NE(de, 0);
  std::optional<fv1::FollowUp> fsv = FollowUpOf(sv, kWarehouseJob);
  std::optional<fv1::FollowUp> fde = FollowUpOf(de, kDispatcherJob);
  ASSERT_TRUE(fsv.has_value()) << stack_->Logs();
  ASSERT_TRUE(fde.has_value()) << stack_->Logs();
  EXPECT_EQ(fsv->language_code(), "sv");
  EXPECT_TRUE(absl::StartsWith(fsv->message(), "Det här meddelandet kommer från CLARA")) << fsv->message();
  EXPECT_TRUE(absl::StrContains(fsv->message(), "MÄNNISKA"));
  EXPECT_TRUE(absl::StrContains(fsv->message(), "svara gärna på följande frågor")) << fsv->message();
  EXPECT_EQ(fde->language_code(), "de");
  EXPECT_TRUE(absl::StartsWith(fde->message(), "Diese Nachricht stammt von CLARA")) << fde->message();
  EXPECT_TRUE(absl::StrContains(fde->message(), "MENSCH"));
  EXPECT_TRUE(absl::StrContains(fde->message(), "beantworte bitte diese Fragen")) << fde->message();
  // The questions themselves are Swedish / German (no English template).
  for (const auto& q : fsv->questions()) {
    EXPECT_FALSE(absl::StartsWith(q.text(), "Do you") || absl::StartsWith(q.text(), "How many")) << q.text();
  }
  for (const auto& q : fde->questions()) {
    EXPECT_FALSE(absl::StartsWith(q.text(), "Do you") || absl::StartsWith(q.text(), "How many")) << q.text();
  }
  std::cout << fsv->message() << "\n\n" << fde->message() << "\n";
}

}  // namespace
}  // namespace clara::integration
