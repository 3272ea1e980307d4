// The admin side of the integration through the real binaries: connect
// errors, job selection, unselected jobs, disconnect/reconnect, company
// webhooks (erasure, human decisions), the Re-screen button.
#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clara/integrations/v1/integrations.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/ingest/webhook.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

namespace iv1 = ::clara::integrations::v1;

// Seeded simulator keys (tools/teamtailor-sim/README.md).
constexpr char kReadOnlyAdminKey[] = "ttsim_admin_ro_8e3a5c1f9b2d";
constexpr char kPublicKey[] = "ttsim_public_5a7c3e9b1d4f";
constexpr char kInternalKey[] = "ttsim_internal_2f6b8d4a0c1e";
constexpr int64_t kEnglishJob = 12345, kSwedishJob = 12346;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return c;
}

nlohmann::json CandidateOnJob(Stack& s, int64_t job_id) {
  const auto state = s.SimState();
  for (const auto& c : state["candidates"]) {
    if (c.contains("job") && c["job"]["id"] == job_id) return c;
  }
  return nlohmann::json();
}

nlohmann::json CandidateById(Stack& s, int64_t id) {
  const auto state = s.SimState();
  for (const auto& c : state["candidates"]) {
    if (c["id"] == id) return c;
  }
  return nlohmann::json();
}

std::string ResultStatus(const nlohmann::json& candidate) {
  if (!candidate.is_object() || candidate["partner_results"].empty()) return "";
  return candidate["partner_results"].back()["status"];
}

class IntegrationAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StackOptions o;
    o.select_all_jobs = false;
    stack_ = std::make_unique<Stack>(o);
    ASSERT_TRUE(stack_->Start());
    admin_ = iv1::IntegrationService::NewStub(stack_->IngestChannel());
  }
  grpc::Status Select(std::vector<int64_t> ids, iv1::SelectJobsResponse* resp) {
    iv1::SelectJobsRequest req;
    req.set_integration_id(stack_->integration_id());
    for (auto id : ids) req.add_job_ids(id);
    return admin_->SelectJobs(Ctx().get(), req, resp);
  }
  // Posts a correctly signed company webhook; returns the HTTP status.
  int CompanyWebhook(const std::string& payload) {
    httplib::Client c("127.0.0.1", stack_->ingest_http_port());
    const std::string body = absl::StrCat(R"({"payload":)", payload, R"(,"signature":"x"})");
    httplib::Headers h = {{"Authorization", "Bearer " + stack_->integration_key()},
                          {"TT-Signature", ingest::SignCompanyPayload(payload, stack_->company_webhook_secret(), absl::Now())}};
    auto r = c.Post("/teamtailor/company-webhook", h, body, "application/json");
    return r ? r->status : -1;
  }
  std::unique_ptr<Stack> stack_;
  std::unique_ptr<iv1::IntegrationService::Stub> admin_;
};

TEST_F(IntegrationAdminTest, ConnectRefusesWrongKeysEachWithItsOwnError) {
  const struct {
    const char* name;
    std::string api_key;
    grpc::StatusCode code;
    const char* says;
  } kCases[] = {
      {"unknown key", "not-a-real-key", grpc::StatusCode::UNAUTHENTICATED, "refused the API key"},
      {"read-only admin key", kReadOnlyAdminKey, grpc::StatusCode::PERMISSION_DENIED, "read-only"},
      {"public key", kPublicKey, grpc::StatusCode::PERMISSION_DENIED, "Admin scope"},
      {"internal key", kInternalKey, grpc::StatusCode::PERMISSION_DENIED, "Admin scope"},
      {"empty key", "", grpc::StatusCode::INVALID_ARGUMENT, "api_key is required"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    iv1::ConnectRequest req;
    req.set_api_key(c.api_key);
    req.set_integration_key("another-integration-key");
    iv1::ConnectResponse resp;
    grpc::Status s = admin_->Connect(Ctx().get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.code) << s.error_message();
    EXPECT_NE(s.error_message().find(c.says), std::string::npos) << s.error_message();
    if (!c.api_key.empty()) {
      EXPECT_EQ(s.error_message().find(c.api_key), std::string::npos);
    }
  }
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM integrations"), 1);
  // The stored keys are sealed: neither appears in the row.
  pqxx::nontransaction tx(stack_->Db());
  auto row = tx.exec1("SELECT encode(api_key_sealed, 'escape') || encode(integration_key_sealed, 'escape') FROM integrations");
  EXPECT_EQ(row[0].as<std::string>().find(stack_->admin_api_key()), std::string::npos);
  EXPECT_EQ(row[0].as<std::string>().find(stack_->integration_key()), std::string::npos);
}

TEST_F(IntegrationAdminTest, SelectedJobsAreScreenedOthersGetAClearFailedResult) {
  iv1::ListRemoteJobsRequest list_req;
  list_req.set_integration_id(stack_->integration_id());
  iv1::ListRemoteJobsResponse list;
  ASSERT_TRUE(admin_->ListRemoteJobs(Ctx().get(), list_req, &list).ok());
  EXPECT_GE(list.jobs_size(), 3);
  std::set<std::string> statuses;
  for (const auto& j : list.jobs()) statuses.insert(j.status());
  EXPECT_TRUE(statuses.count("open"));
  EXPECT_GT(statuses.size(), 1u) << "drafts and archived jobs are listed too (filter[status]=all)";

  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({kEnglishJob}, &selected).ok());
  ASSERT_EQ(selected.jobs_size(), 1);
  EXPECT_GE(selected.jobs(0).stages_size(), 5) << "stages sync with the job";
  EXPECT_EQ(Select({99999999}, &selected).error_code(), grpc::StatusCode::NOT_FOUND);

  iv1::GetIntegrationRequest get_req;
  get_req.set_integration_id(stack_->integration_id());
  iv1::GetIntegrationResponse got;
  ASSERT_TRUE(admin_->GetIntegration(Ctx().get(), get_req, &got).ok());
  ASSERT_EQ(got.integration().selected_job_ids_size(), 1);
  EXPECT_EQ(got.integration().selected_job_ids(0), kEnglishJob);
  EXPECT_GE(got.integration().job_count(), 1);

  // A candidate on the unselected Swedish job: Teamtailor shows a failed result saying why.
  const auto swedish = CandidateOnJob(*stack_, kSwedishJob);
  ASSERT_TRUE(swedish.is_object());
  auto moved = stack_->MoveCandidate(swedish["id"], "CLARA screening");
  ASSERT_TRUE(moved.value("fired", false));
  ASSERT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, swedish["id"])) == "failed"; }))
      << CandidateById(*stack_, swedish["id"]).dump(2);
  const auto failed = CandidateById(*stack_, swedish["id"]);
  EXPECT_NE(failed["partner_results"].back()["delivery_message"].get<std::string>().find("does not screen"),
            std::string::npos)
      << failed.dump(2);
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM partner_events"), 0);

  // The English one is screened.
  const auto english = CandidateOnJob(*stack_, kEnglishJob);
  stack_->MoveCandidate(english["id"], "CLARA screening");
  EXPECT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, english["id"])) == "completed"; }))
      << stack_->Logs();
}

TEST_F(IntegrationAdminTest, DisconnectStopsProcessingDeletesKeysAndReconnectResumes) {
  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({kEnglishJob}, &selected).ok());
  {
    // Rotating the keys of a connected integration keeps everything.
    iv1::ReconnectRequest rotate;
    rotate.set_integration_id(stack_->integration_id());
    rotate.set_api_key(stack_->admin_api_key());
    rotate.set_integration_key(stack_->integration_key());
    iv1::ReconnectResponse rotated;
    ASSERT_TRUE(admin_->Reconnect(Ctx().get(), rotate, &rotated).ok());
    EXPECT_EQ(rotated.integration().id(), stack_->integration_id());
    EXPECT_EQ(rotated.integration().selected_job_ids_size(), 1);
  }
  iv1::DisconnectRequest req;
  req.set_integration_id(stack_->integration_id());
  iv1::DisconnectResponse resp;
  ASSERT_TRUE(admin_->Disconnect(Ctx().get(), req, &resp).ok());
  EXPECT_EQ(resp.integration().status(), iv1::INTEGRATION_STATUS_DISCONNECTED);
  EXPECT_GT(resp.integration().erase_after().seconds(), absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 29)));
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM integrations WHERE api_key_sealed IS NULL AND integration_key_sealed IS NULL"), 1);

  // A trigger now gets a clear error and stores nothing.
  const auto english = CandidateOnJob(*stack_, kEnglishJob);
  stack_->MoveCandidate(english["id"], "CLARA screening");
  ASSERT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, english["id"])) == "failed"; }));
  EXPECT_NE(CandidateById(*stack_, english["id"])["partner_results"].back()["delivery_message"].get<std::string>().find(
                "disconnected"),
            std::string::npos);
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM partner_events"), 0);
  // Admin calls that need Teamtailor refuse clearly.
  iv1::ListRemoteJobsRequest list_req;
  list_req.set_integration_id(stack_->integration_id());
  iv1::ListRemoteJobsResponse list;
  EXPECT_EQ(admin_->ListRemoteJobs(Ctx().get(), list_req, &list).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  iv1::ReconnectRequest re;
  re.set_integration_id(stack_->integration_id());
  re.set_api_key(stack_->admin_api_key());
  re.set_integration_key(stack_->integration_key());
  iv1::ReconnectResponse reconnected;
  ASSERT_TRUE(admin_->Reconnect(Ctx().get(), re, &reconnected).ok());
  EXPECT_EQ(reconnected.integration().status(), iv1::INTEGRATION_STATUS_ACTIVE);
  ASSERT_EQ(reconnected.integration().selected_job_ids_size(), 1) << "selection survives a reconnect";
  auto again = stack_->MoveCandidate(english["id"], "Inbox");
  again = stack_->MoveCandidate(english["id"], "CLARA screening");
  EXPECT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, english["id"])) == "completed"; }))
      << stack_->Logs();
}

TEST_F(IntegrationAdminTest, CompanyWebhooksEraseCandidatesAndRecordDecisions) {
  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({kEnglishJob}, &selected).ok());
  const auto english = CandidateOnJob(*stack_, kEnglishJob);
  const int64_t id = english["id"];
  stack_->MoveCandidate(id, "CLARA screening");
  ASSERT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, id)) == "completed"; }));
  ASSERT_TRUE(stack_->Eventually([&] { return stack_->Count("SELECT count(*) FROM work_items WHERE state <> 'done'") == 0; }));

  // A recruiter moves the candidate on: the decision is recorded against the screening.
  const std::string app = absl::StrCat(english["job_application_id"].get<int64_t>());
  EXPECT_EQ(CompanyWebhook(absl::StrCat(
                R"({"event_name":"job_application.update","data":{"id":")", app,
                R"(","type":"job-applications","attributes":{"rejected-at":null},"relationships":{"candidate":{"data":{"id":")",
                id, R"(","type":"candidates"}},"job":{"data":{"id":")", kEnglishJob,
                R"(","type":"jobs"}},"stage":{"data":{"id":"1003","type":"stages"}}}}})")),
            200);
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM human_decisions WHERE decision = 'moved' AND screening_id IS NOT NULL"), 1);
  // A bad signature changes nothing.
  {
    httplib::Client c("127.0.0.1", stack_->ingest_http_port());
    const std::string payload = absl::StrCat(R"({"event_name":"candidate.destroy","data":{"id":")", id, R"("}})");
    auto r = c.Post("/teamtailor/company-webhook",
                    {{"Authorization", "Bearer " + stack_->integration_key()},
                     {"TT-Signature", ingest::SignCompanyPayload(payload, "wrong-secret", absl::Now())}},
                    absl::StrCat(R"({"payload":)", payload, "}"), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(stack_->Count("SELECT count(*) FROM partner_events"), 1);
  }
  // candidate.destroy erases everything CLARA holds on them.
  EXPECT_EQ(CompanyWebhook(absl::StrCat(R"({"event_name":"candidate.destroy","data":{"id":")", id,
                                        R"(","type":"candidates"}})")),
            200);
  for (const char* table : {"partner_events", "evidence", "screenings", "writeback_operations", "human_decisions"}) {
    SCOPED_TRACE(table);
    EXPECT_EQ(stack_->Count(absl::StrCat("SELECT count(*) FROM ", table)), 0);
  }
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM work_items WHERE queue <> 'ingest.job_sync'"), 0);
}

TEST_F(IntegrationAdminTest, RescreenButtonReadsTheCandidateAgain) {
  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({kEnglishJob}, &selected).ok());
  const int64_t id = CandidateOnJob(*stack_, kEnglishJob)["id"];
  stack_->MoveCandidate(id, "CLARA screening");
  ASSERT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, id)) == "completed"; }));
  const std::string result_id = CandidateById(*stack_, id)["partner_results"].back()["id"];
  auto pressed = stack_->SimPost(absl::StrCat("/_sim/partner-results/", result_id, "/actions/0"), nlohmann::json::object());
  ASSERT_EQ(pressed.value("endpoint", ""), "rescreen") << pressed.dump();
  EXPECT_TRUE(stack_->Eventually([&] {
    return stack_->Count("SELECT count(*) FROM work_items WHERE queue = 'ingest.resume' AND dedupe_key LIKE '%:rescreen:%'"
                         " AND state = 'done'") == 1;
  })) << stack_->Logs();
  // Same candidate, same job, same engine: the same result (deterministic), still one screening.
  EXPECT_EQ(stack_->Count("SELECT count(*) FROM screenings"), 1);
}

}  // namespace
}  // namespace clara::integration

namespace clara::integration {
namespace {

// The same flows driven by the simulator's own company webhooks.
class SimulatorDrivenTest : public IntegrationAdminTest {};

TEST_F(SimulatorDrivenTest, JobCreatedInTeamtailorAppearsInClara) {
  auto created = stack_->SimPost("/_sim/jobs", {{"title", "Warehouse Shift Lead"},
                                                {"body", "<p>Lead a team of 12. Forklift licence required.</p>"},
                                                {"status", "open"},
                                                {"language-code", "en"}});
  ASSERT_TRUE(created.contains("data")) << created.dump();
  int64_t job_id = 0;
  ASSERT_TRUE(absl::SimpleAtoi(created["data"]["id"].get<std::string>(), &job_id));
  // job.create → ingest reads the job (with its stages) from the API.
  ASSERT_TRUE(stack_->Eventually([&] {
    return stack_->Count(absl::StrCat("SELECT count(*) FROM jobs WHERE job_id = ", job_id, " AND remote IS NOT NULL")) == 1;
  })) << stack_->Logs();
  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({job_id}, &selected).ok());
  ASSERT_EQ(selected.jobs_size(), 1);
  EXPECT_EQ(selected.jobs(0).title(), "Warehouse Shift Lead");
  EXPECT_EQ(selected.jobs(0).stages_size(), 6);
  // job.update → the new title; job.destroy → no longer screened.
  httplib::Client c(stack_->sim_url());
  auto patched = c.Patch(absl::StrCat("/_sim/jobs/", job_id).c_str(), R"j({"title":"Warehouse Shift Lead (nights)"})j",
                         "application/json");
  ASSERT_TRUE(patched && patched->status == 200);
  EXPECT_TRUE(stack_->Eventually([&] {
    return stack_->Count(absl::StrCat("SELECT count(*) FROM jobs WHERE job_id = ", job_id,
                                      " AND title = 'Warehouse Shift Lead (nights)'")) == 1;
  }));
  auto deleted = c.Delete(absl::StrCat("/_sim/jobs/", job_id).c_str());
  ASSERT_TRUE(deleted && deleted->status == 200);
  EXPECT_TRUE(stack_->Eventually([&] {
    return stack_->Count(absl::StrCat("SELECT count(*) FROM jobs WHERE job_id = ", job_id,
                                      " AND deleted_at IS NOT NULL AND NOT selected")) == 1;
  }));
}

TEST_F(SimulatorDrivenTest, CandidateDeletedInTeamtailorIsErased) {
  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({kEnglishJob}, &selected).ok());
  const int64_t id = CandidateOnJob(*stack_, kEnglishJob)["id"];
  stack_->MoveCandidate(id, "CLARA screening");
  ASSERT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, id)) == "completed"; }));
  ASSERT_TRUE(stack_->Eventually(
      [&] { return stack_->Count("SELECT count(*) FROM work_items WHERE state NOT IN ('done', 'dead')") == 0; }));
  ASSERT_GE(stack_->Count("SELECT count(*) FROM screenings"), 1);
  httplib::Client c(stack_->sim_url());
  auto deleted = c.Delete(absl::StrCat("/_sim/candidates/", id).c_str());
  ASSERT_TRUE(deleted && deleted->status == 200);
  EXPECT_TRUE(stack_->Eventually([&] {
    return stack_->Count(absl::StrCat("SELECT count(*) FROM partner_events WHERE candidate_id = ", id)) == 0 &&
           stack_->Count("SELECT count(*) FROM screenings") == 0 && stack_->Count("SELECT count(*) FROM evidence") == 0;
  })) << stack_->Logs();
}

}  // namespace
}  // namespace clara::integration

namespace clara::integration {
namespace {

TEST_F(IntegrationAdminTest, MapActionsPreviewSyncAndTriggerConfig) {
  iv1::SelectJobsResponse selected;
  ASSERT_TRUE(Select({kEnglishJob}, &selected).ok());
  auto configure = [&](const std::string& stage, bool reject, bool allow) {
    iv1::ConfigureMapActionsRequest req;
    req.set_integration_id(stack_->integration_id());
    req.mutable_config()->set_allow_automatic_rejection(allow);
    auto* rule = req.mutable_config()->add_rules();
    rule->set_outcome(reject ? iv1::OUTCOME_NOT_QUALIFIED : iv1::OUTCOME_NEEDS_REVIEW);
    if (reject) rule->add_actions()->mutable_reject();
    else rule->add_actions()->mutable_move_to_stage()->set_stage_name(stage);
    iv1::ConfigureMapActionsResponse resp;
    return admin_->ConfigureMapActions(Ctx().get(), req, &resp).error_code();
  };
  EXPECT_EQ(configure("No Such Stage", false, false), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(configure("", true, false), grpc::StatusCode::FAILED_PRECONDITION) << "a human decides by default";
  EXPECT_EQ(configure("", true, true), grpc::StatusCode::OK);
  EXPECT_EQ(configure("Phone screen", false, false), grpc::StatusCode::OK);

  // Trigger options: fields always; the job's criteria once it has a rubric.
  auto config = [&](const std::string& bearer, int* status) {
    httplib::Client c("127.0.0.1", stack_->ingest_http_port());
    auto r = c.Get(absl::StrCat("/teamtailor/config?job_id=", kEnglishJob, "&stage_id=1002&user_id=7").c_str(),
                   {{"Authorization", "Bearer " + bearer}});
    *status = r ? r->status : -1;
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  };
  int status = 0;
  config("not-the-key", &status);
  EXPECT_EQ(status, 401);
  auto before = config(stack_->integration_key(), &status);
  ASSERT_EQ(status, 200);
  EXPECT_FALSE(before["config"]["fields"].empty());
  EXPECT_TRUE(before["config"]["assessment-criteria"].empty());

  const int64_t id = CandidateOnJob(*stack_, kEnglishJob)["id"];
  stack_->MoveCandidate(id, "CLARA screening");
  ASSERT_TRUE(stack_->Eventually([&] { return ResultStatus(CandidateById(*stack_, id)) == "completed"; }));
  auto after = config(stack_->integration_key(), &status);
  ASSERT_FALSE(after["config"]["assessment-criteria"].empty()) << after.dump();
  EXPECT_TRUE(after["config"]["assessment-criteria"][0].contains("label"));

  // Preview the stored mapping and an alternative over the screening just made.
  iv1::PreviewMapActionsRequest preview_req;
  preview_req.set_integration_id(stack_->integration_id());
  iv1::PreviewMapActionsResponse preview;
  ASSERT_TRUE(admin_->PreviewMapActions(Ctx().get(), preview_req, &preview).ok());
  ASSERT_EQ(preview.rows_size(), 1);
  EXPECT_EQ(preview.rows(0).candidate_id(), id);
  auto* alt = preview_req.mutable_config()->add_rules();
  alt->set_outcome(preview.rows(0).outcome());
  alt->add_actions()->mutable_add_tags()->add_tags("shortlist");
  ASSERT_TRUE(admin_->PreviewMapActions(Ctx().get(), preview_req, &preview).ok());
  EXPECT_EQ(preview.would_tag(), 1);
  EXPECT_EQ(preview.would_move(), 0);

  // On-demand sync: everything, then only what changed since.
  iv1::SyncJobsRequest sync_req;
  sync_req.set_integration_id(stack_->integration_id());
  sync_req.set_full(true);
  iv1::SyncJobsResponse synced;
  ASSERT_TRUE(admin_->SyncJobs(Ctx().get(), sync_req, &synced).ok());
  const int all = synced.jobs_synced();
  EXPECT_GE(all, 3);
  sync_req.set_full(false);
  ASSERT_TRUE(admin_->SyncJobs(Ctx().get(), sync_req, &synced).ok());
  EXPECT_LT(synced.jobs_synced(), all) << "an incremental pull asks only for jobs updated since the last sync";
  EXPECT_GT(synced.synced_at().seconds(), 0);
}

}  // namespace
}  // namespace clara::integration
