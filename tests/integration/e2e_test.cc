// One candidate end to end through the real binaries: Teamtailor trigger →
// ingest → PostgreSQL → screening → writeback → Teamtailor (the simulator).
#include <regex>

#include "clara/screening/v1/screening.grpc.pb.h"
#include "clara/writeback/v1/writeback.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/health.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

constexpr char kTriggerStage[] = "CLARA screening";

// The candidate entry of the simulator's state.
nlohmann::json Candidate(Stack& stack, int64_t id) {
  const nlohmann::json state = stack.SimState();  // not a temporary: range-for would dangle
  for (const auto& c : state["candidates"]) {
    if (c["id"] == id) return c;
  }
  return nlohmann::json();
}

bool HasCompletedResult(const nlohmann::json& candidate) {
  if (!candidate.is_object()) return false;
  for (const auto& r : candidate["partner_results"]) {
    if (r["status"] == "completed") return true;
  }
  return false;
}

bool WorkDone(Stack& s) { return s.Count("SELECT count(*) FROM work_items WHERE state <> 'done'") == 0; }

double MetricValue(const std::string& page, const std::string& series) {
  std::regex re("^" + std::regex_replace(series, std::regex(R"([{}\[\]().*+?^$|\\])"), R"(\$&)") + R"( ([0-9.e+-]+)$)",
                std::regex::multiline);
  std::smatch m;
  return std::regex_search(page, m, re) ? std::stod(m[1]) : -1;
}

class EndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new Stack();
    ASSERT_TRUE(stack_->Start());
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  static Stack* stack_;
};
Stack* EndToEndTest::stack_ = nullptr;

TEST_F(EndToEndTest, TriggeredCandidateGetsCompletedResultAndTags) {
  ASSERT_NE(stack_, nullptr);
  Stack& s = *stack_;
  const auto state = s.SimState();
  ASSERT_FALSE(state["candidates"].empty());
  const int64_t candidate_id = state["candidates"][0]["id"];
  const std::vector<std::string> tags_before = state["candidates"][0]["tags"];

  auto moved = s.MoveCandidate(candidate_id, kTriggerStage);
  ASSERT_TRUE(moved.value("fired", false)) << moved.dump();
  const std::string event_id = moved["event_id"];

  ASSERT_TRUE(s.Eventually([&] { return HasCompletedResult(Candidate(s, candidate_id)) && WorkDone(s); }))
      << Candidate(s, candidate_id).dump(2) << "\n" << s.Logs();
  const auto c = Candidate(s, candidate_id);
  const auto& result = c["partner_results"][0];
  ASSERT_TRUE(result["score"].is_number_integer());
  EXPECT_GE(result["score"].get<int>(), 0);
  EXPECT_LE(result["score"].get<int>(), 100);
  EXPECT_TRUE(result["grade"] == "top_fit" || result["grade"] == "might_be_fit" || result["grade"] == "might_not_be_fit" ||
              result["grade"] == "unknown");
  EXPECT_FALSE(result["summary"].get<std::string>().empty());
  // CLARA's tag added; the recruiter's tags untouched.
  std::vector<std::string> tags = c["tags"];
  int clara_tags = 0;
  for (const auto& t : tags) clara_tags += t.rfind("clara-", 0) == 0;
  EXPECT_GE(clara_tags, 1);
  for (const auto& t : tags_before) EXPECT_NE(std::find(tags.begin(), tags.end(), t), tags.end()) << t;

  // The same result over gRPC.
  auto screening = screening::v1::ScreeningService::NewStub(s.ScreeningChannel());
  screening::v1::ListScreeningsRequest list_req;
  list_req.set_integration_id(s.integration_id());
  screening::v1::ListScreeningsResponse list;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ASSERT_TRUE(screening->ListScreenings(&ctx, list_req, &list).ok());
  }
  ASSERT_EQ(list.screenings_size(), 1);
  EXPECT_EQ(list.screenings(0).event_id(), event_id);
  EXPECT_EQ(list.screenings(0).result().score(), result["score"].get<int>());
  auto writeback = writeback::v1::WritebackService::NewStub(s.WritebackChannel());
  writeback::v1::GetDeliveryRequest dreq;
  dreq.set_integration_id(s.integration_id());
  dreq.set_screening_id(list.screenings(0).id());
  writeback::v1::GetDeliveryResponse delivery;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ASSERT_TRUE(writeback->GetDelivery(&ctx, dreq, &delivery).ok());
  }
  EXPECT_EQ(delivery.delivery().state(), "delivered");
  EXPECT_GE(delivery.delivery().operations_size(), 2);  // at least tags and the partner result
  // Another tenant's id reads as missing.
  dreq.set_integration_id("00000000-0000-0000-0000-000000000000");
  {
    grpc::ClientContext ctx;
    EXPECT_EQ(writeback->GetDelivery(&ctx, dreq, &delivery).error_code(), grpc::StatusCode::NOT_FOUND);
  }

  // A duplicate delivery of the same event changes nothing.
  nlohmann::json body;
  const nlohmann::json events_doc = s.SimEvents();
  for (const auto& e : events_doc["events"]) {
    if (e["id"] == event_id) body = e["body"];
  }
  ASSERT_TRUE(body.is_object());
  const int64_t events = s.Count("SELECT count(*) FROM partner_events");
  const int64_t work = s.Count("SELECT count(*) FROM work_items");
  const int64_t screenings = s.Count("SELECT count(*) FROM screenings");
  const int history = Candidate(s, candidate_id)["partner_results"][0]["history_count"];
  std::string response;
  EXPECT_EQ(s.PostWebhook(body.dump(), s.SignedHeaders(event_id), &response), 200);
  EXPECT_EQ(response, R"({"partner_result_attributes":{"status":"pending"}})");
  EXPECT_EQ(s.Count("SELECT count(*) FROM partner_events"), events);
  EXPECT_EQ(s.Count("SELECT count(*) FROM work_items"), work);
  EXPECT_EQ(s.Count("SELECT count(*) FROM screenings"), screenings);
  EXPECT_EQ(Candidate(s, candidate_id)["partner_results"][0]["history_count"], history);

  // Metrics saw it all.
  const std::string page = s.HttpGet(s.ingest_metrics_port(), "/metrics");
  EXPECT_EQ(MetricValue(page, R"(clara_ingest_webhooks_total{outcome="accepted"})"), 1) << page;
  EXPECT_EQ(MetricValue(page, R"(clara_ingest_webhooks_total{outcome="duplicate"})"), 1);
  EXPECT_EQ(MetricValue(page, R"(clara_ingest_resumes_total{outcome="extracted"})"), 1);
  const std::string wb = s.HttpGet(s.writeback_metrics_port(), "/metrics");
  EXPECT_EQ(MetricValue(wb, R"(clara_writeback_operations_total{kind="OPERATION_KIND_PARTNER_RESULT",outcome="done"})"), 1)
      << wb;
  EXPECT_EQ(MetricValue(wb, R"(clara_writeback_work_items_total{outcome="done",queue="writeback"})"), 1);
}

TEST_F(EndToEndTest, EveryServiceServesHealthAndReadiness) {
  ASSERT_NE(stack_, nullptr);
  EXPECT_EQ(HealthStatus(stack_->IngestChannel()), 1);
  EXPECT_EQ(HealthStatus(stack_->ScreeningChannel()), 1);
  EXPECT_EQ(HealthStatus(stack_->WritebackChannel()), 1);
  int status = 0;
  EXPECT_EQ(stack_->HttpGet(stack_->ingest_http_port(), "/readyz", &status), "ready\n");
  EXPECT_EQ(status, 200);
  stack_->HttpGet(stack_->ingest_http_port(), "/healthz", &status);
  EXPECT_EQ(status, 200);
  const std::string page = stack_->HttpGet(stack_->screening_metrics_port(), "/metrics");
  EXPECT_NE(page.find("clara_screening_queue_depth{"), std::string::npos) << page;
}

TEST_F(EndToEndTest, SigtermDrainsAndExitsCleanly) {
  ASSERT_NE(stack_, nullptr);
  EXPECT_EQ(stack_->ingest()->Stop(), 0);
  EXPECT_TRUE(stack_->ingest()->lines().back().find("clara-ingest stopped") != std::string::npos);
}

}  // namespace
}  // namespace clara::integration
