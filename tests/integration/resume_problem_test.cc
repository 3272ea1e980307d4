// Résumés that fail, through the real binaries and the simulator (issue 11:
// "a 5xx on the résumé is retried and an unrecoverable one gives
// needs_review with a reason"; issue 12: "a PDF that loops or allocates
// without bound becomes a résumé problem").
//
//   - 5xx answers (the simulator's fault injection) on the résumé download
//     are retried, and the candidate is screened on the résumé's text;
//   - a PDF the sandbox refuses (the helper killed by its CPU limit) and a
//     résumé too large to download make the result needs_review, with the
//     reason on the partner result, in the note and over gRPC; ingest keeps
//     running.
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "clara/ingest/v1/ingest.pb.h"
#include "clara/screening/v1/screening.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

namespace sv1 = ::clara::screening::v1;

constexpr char kTriggerStage[] = "CLARA screening";
constexpr int64_t kNoResume = 54334;  // the seeded candidate without a résumé

double MetricValue(const std::string& page, const std::string& series) {
  std::regex re("^" + std::regex_replace(series, std::regex(R"([{}\[\]().*+?^$|\\])"), R"(\$&)") + R"( ([0-9.e+-]+)$)",
                std::regex::multiline);
  std::smatch m;
  return std::regex_search(page, m, re) ? std::stod(m[1]) : 0;
}

double IngestMetric(Stack& s, const std::string& series) {
  return MetricValue(s.HttpGet(s.ingest_metrics_port(), "/metrics"), series);
}

// The candidate's completed partner result (null until there is one).
nlohmann::json CompletedResult(Stack& s, int64_t candidate_id) {
  const nlohmann::json c = s.SimCandidate(candidate_id);
  if (!c.is_object()) return nullptr;
  for (const auto& r : c["partner_results"]) {
    if (r["status"] == "completed") return r;
  }
  return nullptr;
}

bool WorkDone(Stack& s) { return s.Count("SELECT count(*) FROM work_items WHERE state <> 'done'") == 0; }

// What ingest stored for the event (nullopt before it is stored).
std::optional<ingest::v1::StoredEvidence> Evidence(Stack& s, const std::string& event_id) {
  pqxx::work tx(s.Db());
  pqxx::result r = tx.exec_params("SELECT evidence FROM evidence WHERE event_id = $1", event_id);
  if (r.empty()) return std::nullopt;
  pqxx::binarystring bytes(r[0][0]);
  ingest::v1::StoredEvidence e;
  if (!e.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return std::nullopt;
  return e;
}

std::optional<sv1::Screening> ScreeningOf(Stack& s, const std::string& event_id) {
  auto stub = sv1::ScreeningService::NewStub(s.ScreeningChannel());
  sv1::ListScreeningsRequest req;
  req.set_integration_id(s.integration_id());
  req.set_page_size(100);
  sv1::ListScreeningsResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!stub->ListScreenings(&ctx, req, &resp).ok()) return std::nullopt;
  for (const auto& sc : resp.screenings()) {
    if (sc.event_id() == event_id) return sc;
  }
  return std::nullopt;
}

bool HasTag(const nlohmann::json& candidate, const std::string& tag) {
  for (const auto& t : candidate["tags"]) {
    if (t == tag) return true;
  }
  return false;
}

// Moves `candidate_id` into the trigger stage and waits for its completed
// result; returns the event id.
std::string ScreenOne(Stack& s, int64_t candidate_id) {
  const nlohmann::json moved = s.MoveCandidate(candidate_id, kTriggerStage);
  EXPECT_TRUE(moved.value("fired", false)) << moved.dump();
  const std::string event_id = moved.value("event_id", "");
  EXPECT_TRUE(s.Eventually([&] { return !CompletedResult(s, candidate_id).is_null() && WorkDone(s); },
                           absl::Seconds(120)))
      << s.SimCandidate(candidate_id).dump(2) << "\n" << s.Logs();
  return event_id;
}

// Checks that the candidate's result is needs_review with `reason` everywhere
// a recruiter or another CLARA service looks.
void ExpectNeedsReview(Stack& s, int64_t candidate_id, const std::string& event_id, const std::string& reason) {
  const auto evidence = Evidence(s, event_id);
  ASSERT_TRUE(evidence.has_value());
  EXPECT_TRUE(evidence->resume_needs_review());
  EXPECT_EQ(evidence->resume_problem(), reason);
  EXPECT_EQ(evidence->resume_text(), "");

  const auto screening = ScreeningOf(s, event_id);
  ASSERT_TRUE(screening.has_value());
  EXPECT_EQ(screening->result().qualification(), sv1::QUALIFICATION_LEVEL_NEEDS_REVIEW);
  EXPECT_EQ(screening->result().grade(), sv1::GRADE_UNKNOWN);
  EXPECT_EQ(screening->result().review_reason(), reason);

  const nlohmann::json result = CompletedResult(s, candidate_id);
  ASSERT_TRUE(result.is_object());
  EXPECT_EQ(result["grade"], "unknown");
  EXPECT_TRUE(absl::StartsWith(result["summary"].get<std::string>(), "Needs review: " + reason.substr(0, 40)))
      << result.dump(2);
  EXPECT_EQ(result["details"]["Needs review"]["Reason"], reason) << result.dump(2);
  const nlohmann::json c = s.SimCandidate(candidate_id);
  EXPECT_TRUE(HasTag(c, "clara-needs-review")) << c["tags"].dump();
  EXPECT_TRUE(HasTag(c, "clara-resume-unreadable")) << c["tags"].dump();
  bool noted = false;
  for (const auto& n : c["notes"]) noted |= absl::StrContains(n.value("note", ""), "Reason for review: " + reason);
  EXPECT_TRUE(noted) << c["notes"].dump(2);
}

TEST(ResumeProblemTest, ServerErrorsOnTheResumeDownloadAreRetried) {
  Stack s;
  ASSERT_TRUE(s.Start());
  // One candidate at a time with half of all answers a 5xx (each with its
  // own seed), until one of them met a 5xx on the résumé download itself.
  // Faults are turned off once that happened (or after 20 s), so that the
  // candidate's other requests, retried by the queue, go through.
  std::vector<int64_t> ids;
  const nlohmann::json state = s.SimState();
  for (const auto& c : state["candidates"]) {
    if (c["id"] != kNoResume) ids.push_back(c["id"]);
  }
  ASSERT_GE(ids.size(), 10u);
  const std::string kRetries = R"(clara_ingest_resumes_total{outcome="download_retry"})";
  int64_t retried = 0;
  std::string event_id;
  for (size_t i = 0; i < ids.size() && retried == 0; ++i) {
    const double before = IngestMetric(s, kRetries);
    const nlohmann::json faults = s.SimPost("/_sim/faults", {{"error_5xx_rate", 0.5}, {"seed", 100 + i}});
    ASSERT_EQ(faults.value("error_5xx_rate", 0.0), 0.5) << faults.dump();
    const nlohmann::json moved = s.MoveCandidate(ids[i], kTriggerStage);
    ASSERT_TRUE(moved.value("fired", false)) << moved.dump();
    const std::string event = moved["event_id"];
    s.Eventually([&] { return IngestMetric(s, kRetries) > before || Evidence(s, event).has_value(); },
                 absl::Seconds(20));
    s.SimPost("/_sim/faults", nlohmann::json::object());  // all off
    ASSERT_TRUE(s.Eventually([&] { return !CompletedResult(s, ids[i]).is_null() && WorkDone(s); }, absl::Seconds(120)))
        << s.SimCandidate(ids[i]).dump(2) << "\n" << s.Logs();
    if (IngestMetric(s, kRetries) > before) {
      retried = ids[i];
      event_id = event;
    }
  }
  ASSERT_NE(retried, 0) << "no résumé download met a 5xx in " << ids.size() << " candidates";

  // The candidate whose download failed was screened on its résumé.
  const auto evidence = Evidence(s, event_id);
  ASSERT_TRUE(evidence.has_value());
  EXPECT_FALSE(evidence->resume_needs_review());
  EXPECT_EQ(evidence->resume_problem(), "");
  EXPECT_GT(evidence->resume_text().size(), 200u);
  const auto screening = ScreeningOf(s, event_id);
  ASSERT_TRUE(screening.has_value());
  EXPECT_EQ(screening->result().review_reason(), "");
  EXPECT_FALSE(HasTag(s.SimCandidate(retried), "clara-resume-unreadable"));
}

TEST(ResumeProblemTest, APdfTheSandboxRefusesGivesNeedsReviewWithTheReason) {
  // The helper stands in for a PDF that loops: it burns CPU until the
  // sandbox's CPU limit kills it.
  char tmpl[] = "/tmp/resume-problem-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  std::filesystem::create_symlink(CLARA_BINARY_DIR "/services/ingest/pdf_sandbox_test_helper", dir + "/spin");
  StackOptions options;
  options.extra_ingest_args = {"--pdf_text_helper=" + dir + "/spin", "--pdf_cpu_seconds=1"};
  {
    Stack s(options);
    ASSERT_TRUE(s.Start());
    const std::string event_id = ScreenOne(s, 54321);
    ExpectNeedsReview(s, 54321, event_id, "Reading the résumé PDF needed more than 1 seconds of processing.");
    EXPECT_EQ(IngestMetric(s, R"(clara_ingest_pdf_texts_total{outcome="cpu_limit"})"), 1);
    EXPECT_TRUE(s.ingest()->running());
    // A candidate without a résumé is screened as before: not a résumé problem.
    const std::string no_resume = ScreenOne(s, kNoResume);
    const auto evidence = Evidence(s, no_resume);
    ASSERT_TRUE(evidence.has_value());
    EXPECT_EQ(evidence->resume_problem(), "no résumé");
    EXPECT_FALSE(evidence->resume_needs_review());
    EXPECT_FALSE(HasTag(s.SimCandidate(kNoResume), "clara-resume-unreadable"));
  }
  std::filesystem::remove_all(dir);
}

TEST(ResumeProblemTest, AResumeTooLargeToDownloadGivesNeedsReviewWithTheReason) {
  StackOptions options;
  options.extra_ingest_args = {"--pdf_max_kb=1"};
  Stack s(options);
  ASSERT_TRUE(s.Start());
  const std::string event_id = ScreenOne(s, 54322);
  ExpectNeedsReview(s, 54322, event_id, "The résumé file is larger than 1024 bytes.");
  EXPECT_EQ(IngestMetric(s, R"(clara_ingest_resumes_total{outcome="download_failed"})"), 1);
}

}  // namespace
}  // namespace clara::integration
