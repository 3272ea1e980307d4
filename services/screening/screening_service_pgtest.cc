// ScreeningService's rubric calls through a real in-process gRPC server (port
// 0, the generated stub) on a real PostgreSQL with the clara engine: knock-out
// rules set by an admin are checked against the job's questions, stored as a
// new rubric version, kept by re-derivation, and GetRubric suggests rules.
#include <grpcpp/grpcpp.h>
#include <prometheus/registry.h>

#include "clara/screening/v1/screening.grpc.pb.h"
#include "common/queue.h"
#include "common/testing/pg_fixture.h"
#include "gtest/gtest.h"
#include "services/screening/engine/clara_engine.h"
#include "services/screening/screening_service.h"
#include "services/screening/screening_store.h"

namespace clara::screening {
namespace {

constexpr char kTenant[] = "00000000-0000-0000-0000-0000000000a1";
constexpr int64_t kJob = 77;

v1::Job TestJob() {
  v1::Job job;
  job.set_id(kJob);
  job.set_title("Backend Engineer");
  job.set_language_code("en");
  job.set_body_html(
      "<h3>What we are looking for</h3><ul>"
      "<li>At least 3 years of professional experience building backend services in Python</li>"
      "<li>Solid hands-on experience with PostgreSQL in production</li>"
      "<li>You have the right to work in Sweden</li></ul>"
      "<h3>Nice to have</h3><ul><li>Docker and Kubernetes</li></ul>");
  auto* q = job.add_questions();
  q->set_id("31");
  q->set_question_type(v1::QUESTION_TYPE_RANGE);
  q->set_title("How many years have you built backend services in Python?");
  q->set_unit("months");
  q = job.add_questions();
  q->set_id("32");
  q->set_question_type(v1::QUESTION_TYPE_BOOLEAN);
  q->set_title("Do you have the right to work in Sweden?");
  return job;
}

const v1::KnockoutRule* RuleFor(const google::protobuf::RepeatedPtrField<v1::KnockoutRule>& rules,
                                const std::string& qid) {
  for (const auto& r : rules) {
    if (r.question_id() == qid) return &r;
  }
  return nullptr;
}

class ScreeningServicePgTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;  // no database: the fixture said why
    db::Statements st = queue::Statements();
    for (const auto& s : ScreeningStore::Statements()) st.push_back(s);
    auto pool = db::Pool::Create({.dsn = dsn_, .size = 4, .statements = st});
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = std::move(*pool);
    store_ = std::make_unique<ScreeningStore>(pool_.get());
    engine_ = engine::NewClaraEngine();
    metrics_ = std::make_unique<ScreeningMetrics>(registry_);
    service_ = std::make_unique<ScreeningServiceImpl>(store_.get(), engine_.get(), metrics_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::ScreeningService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    ASSERT_TRUE(pool_->Transact([&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO integrations (id) VALUES ($1::uuid)", kTenant);
      tx.exec_params("INSERT INTO jobs (integration_id, job_id, title, job) VALUES ($1::uuid, $2, 'Engineer', $3)",
                     kTenant, kJob, db::Bytes(TestJob().SerializeAsString()));
      return absl::OkStatus();
    }).ok());
    // The first screening derives version 1 (no rules yet).
    auto derived = engine_->DeriveRubric(TestJob());
    ASSERT_TRUE(derived.ok()) << derived.status();
    ASSERT_EQ(store_->CurrentRubric(kTenant, *derived)->version(), 1);
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    store_.reset();
    pool_.reset();
    PgTest::TearDown();
  }

  grpc::Status Get(int version, v1::GetRubricResponse* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::GetRubricRequest req;
    req.set_integration_id(kTenant);
    req.set_job_id(kJob);
    req.set_version(version);
    return stub_->GetRubric(&ctx, req, resp);
  }
  grpc::Status Update(const v1::Rubric& rubric, v1::UpdateRubricResponse* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::UpdateRubricRequest req;
    req.set_integration_id(kTenant);
    *req.mutable_rubric() = rubric;
    return stub_->UpdateRubric(&ctx, req, resp);
  }

  prometheus::Registry registry_;
  std::unique_ptr<db::Pool> pool_;
  std::unique_ptr<ScreeningStore> store_;
  std::unique_ptr<ScoringEngine> engine_;
  std::unique_ptr<ScreeningMetrics> metrics_;
  std::unique_ptr<ScreeningServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ScreeningService::Stub> stub_;
};

TEST_F(ScreeningServicePgTest, GetRubricSuggestsKnockoutRules) {
  v1::GetRubricResponse resp;
  ASSERT_TRUE(Get(0, &resp).ok());
  EXPECT_EQ(resp.rubric().version(), 1);
  EXPECT_EQ(resp.rubric().knockout_rules_size(), 0);
  const v1::KnockoutRule* years = RuleFor(resp.suggested_knockout_rules(), "31");
  ASSERT_NE(years, nullptr);
  EXPECT_EQ(years->rule().expect_min(), 36) << "3 years, in the question's unit (months)";
  const v1::KnockoutRule* permit = RuleFor(resp.suggested_knockout_rules(), "32");
  ASSERT_NE(permit, nullptr);
  EXPECT_TRUE(permit->rule().expect_boolean());
}

TEST_F(ScreeningServicePgTest, UpdateRubricStoresRulesAsANewVersion) {
  v1::GetRubricResponse current;
  ASSERT_TRUE(Get(0, &current).ok());
  v1::Rubric edit = current.rubric();
  *edit.add_knockout_rules() = current.suggested_knockout_rules(0);
  auto* permit = edit.add_knockout_rules();
  permit->set_question_id("32");
  permit->mutable_rule()->set_expect_boolean(true);
  v1::UpdateRubricResponse updated;
  grpc::Status s = Update(edit, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.rubric().version(), 2);
  EXPECT_EQ(updated.rubric().origin(), "derived") << "only the rules changed: derived with them";
  EXPECT_EQ(updated.rubric().knockout_rules_size(), 2);
  EXPECT_EQ(updated.rubric().content_hash(), engine_->RubricHash(updated.rubric()));
  bool linked = false;
  for (const auto& c : updated.rubric().criteria()) {
    if (c.question_id() == "32" && c.kind() == v1::CRITERION_KIND_WORK_AUTHORIZATION) linked = true;
  }
  EXPECT_TRUE(linked) << "the permit rule is linked to the work-authorization criterion";

  v1::GetRubricResponse after;
  ASSERT_TRUE(Get(0, &after).ok());
  EXPECT_EQ(after.rubric().version(), 2);
  EXPECT_EQ(after.rubric().knockout_rules_size(), 2);
  EXPECT_EQ(after.suggested_knockout_rules_size(), 0) << "no question without a rule is left";
  v1::GetRubricResponse first;
  ASSERT_TRUE(Get(1, &first).ok());
  EXPECT_EQ(first.rubric().knockout_rules_size(), 0) << "version 1 is never changed";

  // The screening worker derives with the latest version's rules: the same
  // rubric, so no new version.
  auto derived = engine_->DeriveRubric(TestJob(), after.rubric().knockout_rules());
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(store_->CurrentRubric(kTenant, *derived)->version(), 2);

  // Clearing the rules gives version 1's content again, as version 3.
  v1::Rubric cleared = after.rubric();
  cleared.clear_knockout_rules();
  s = Update(cleared, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.rubric().version(), 3);
  EXPECT_EQ(updated.rubric().content_hash(), first.rubric().content_hash());
  ASSERT_TRUE(Get(0, &after).ok());
  EXPECT_EQ(after.rubric().version(), 3);
  EXPECT_EQ(after.rubric().knockout_rules_size(), 0);
}

TEST_F(ScreeningServicePgTest, UpdateRubricRefusesRulesThatDoNotFitTheQuestions) {
  v1::GetRubricResponse current;
  ASSERT_TRUE(Get(0, &current).ok());
  const struct {
    const char* name;
    const char* question;
    std::function<void(v1::Knockout*)> set;
  } kCases[] = {
      {"no such question", "99", [](v1::Knockout* k) { k->set_expect_boolean(true); }},
      {"boolean rule on a range question", "31", [](v1::Knockout* k) { k->set_expect_boolean(true); }},
      {"negative minimum", "31", [](v1::Knockout* k) { k->set_expect_min(-1); }},
      {"minimum on a boolean question", "32", [](v1::Knockout* k) { k->set_expect_min(2); }},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    v1::Rubric edit = current.rubric();
    auto* rule = edit.add_knockout_rules();
    rule->set_question_id(c.question);
    c.set(rule->mutable_rule());
    v1::UpdateRubricResponse resp;
    grpc::Status s = Update(edit, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find(c.question), std::string::npos) << s.error_message();
  }
  v1::GetRubricResponse after;
  ASSERT_TRUE(Get(0, &after).ok());
  EXPECT_EQ(after.rubric().version(), 1) << "a refused update stores nothing";
}

}  // namespace
}  // namespace clara::screening
