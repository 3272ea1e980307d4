#include "common/teamtailor_json.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace clara::teamtailor {
namespace {

TEST(JobFromJsonApiTest, ReadsAttributesQuestionsAndLocations) {
  auto doc = nlohmann::json::parse(R"({
    "data":{"id":"7","type":"jobs","attributes":{"title":"Backend Engineer","body":"<p>Python</p>",
      "tags":["python"],"remote-status":"hybrid","language-code":"sv"},
      "relationships":{"questions":{"data":[{"id":"31","type":"questions"}]}}},
    "included":[
      {"id":"31","type":"questions","attributes":{"question-type":"Boolean","title":"Work permit?"}},
      {"id":"32","type":"questions","attributes":{"question-type":"Choice","title":"DBs","alternatives":["PostgreSQL",{"title":"MySQL"}]}},
      {"id":"90","type":"picked-questions","attributes":{"mandatory":true},
       "relationships":{"question":{"data":{"id":"31","type":"questions"}}}},
      {"id":"5","type":"locations","attributes":{"city":"Stockholm","country":"Sweden"}}]})");
  auto job = JobFromJsonApi(doc);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->id(), 7);
  EXPECT_EQ(job->title(), "Backend Engineer");
  EXPECT_EQ(job->language_code(), "sv");
  EXPECT_EQ(job->remote_status(), "hybrid");
  ASSERT_EQ(job->questions_size(), 2);
  EXPECT_EQ(job->questions(0).question_type(), screening::v1::QUESTION_TYPE_BOOLEAN);
  EXPECT_TRUE(job->questions(0).mandatory());
  EXPECT_FALSE(job->questions(1).mandatory());
  ASSERT_EQ(job->questions(1).alternatives_size(), 2);
  EXPECT_EQ(job->questions(1).alternatives(1), "MySQL");
  ASSERT_EQ(job->locations_size(), 1);
  EXPECT_EQ(job->locations(0), "Stockholm, Sweden");
}

// Found with tools/fuzz jsonapi: a picked question whose `mandatory` is not a
// boolean, or whose attributes are not an object, threw json::type_error.
TEST(JobFromJsonApiTest, AnOddMandatoryIsFalseNotAThrow) {
  for (const char* attributes : {R"({"mandatory":"yes"})", R"({"mandatory":1})", "5", "null", R"(["mandatory"])"}) {
    SCOPED_TRACE(attributes);
    auto doc = nlohmann::json::parse(absl::StrCat(
        R"({"data":{"id":"7","type":"jobs"},"included":[{"id":"31","type":"questions","attributes":{"title":"Permit?"}},)",
        R"({"id":"90","type":"picked-questions","attributes":)", attributes,
        R"(,"relationships":{"question":{"data":{"id":"31","type":"questions"}}}}]})"));
    absl::StatusOr<screening::v1::Job> job;
    ASSERT_NO_THROW(job = JobFromJsonApi(doc));
    ASSERT_TRUE(job.ok()) << job.status();
    ASSERT_EQ(job->questions_size(), 1);
    EXPECT_FALSE(job->questions(0).mandatory());
  }
}

TEST(JobFromJsonApiTest, RejectsOtherDocuments) {
  for (const char* text : {R"({})", R"({"data":[]})", R"({"data":{"id":"1","type":"candidates"}})", "[]"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(JobFromJsonApi(nlohmann::json::parse(text)).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(CandidateFromJsonApiTest, PicksTheApplicationOfTheJob) {
  auto doc = nlohmann::json::parse(R"({
    "data":{"id":"42","type":"candidates","attributes":{"pitch":"Hi","resume":"https://x/cv.pdf?sig=1"}}})");
  // The data of /v1/candidates/42/job-applications?include=job.
  auto apps = nlohmann::json::parse(R"([
      {"id":"1","type":"job-applications","attributes":{"cover-letter":"other"},"relationships":{"job":{"data":{"id":"8","type":"jobs"}}}},
      {"id":"2","type":"job-applications","attributes":{"cover-letter":"mine"},"relationships":{"job":{"data":{"id":"7","type":"jobs"}}}}])");
  auto c = CandidateFromJsonApi(doc, apps, 7);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pitch, "Hi");
  EXPECT_EQ(c->resume_url, "https://x/cv.pdf?sig=1");
  EXPECT_EQ(c->cover_letter, "mine");
  EXPECT_EQ(c->application_id, 2);
  auto any = CandidateFromJsonApi(doc, apps, 0);
  EXPECT_EQ(any->job_id, 8);
  // Without job linkage (no include=job) no application is taken for a job.
  auto unlinked = nlohmann::json::parse(R"([{"id":"2","type":"job-applications","attributes":{"cover-letter":"mine"},
      "relationships":{"job":{"links":{"related":"https://x/v1/job-applications/2/job"}}}}])");
  auto none = CandidateFromJsonApi(doc, unlinked, 7);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->cover_letter, "");
  EXPECT_EQ(none->application_id, 0);
}

TEST(StoredEvidenceForTest, TheApisTextsElseTheEventsAndTheEventsAnswers) {
  auto hook = ParsePartnerWebhook(R"({"partner-event":{"id":"e1","partner-result":{"update-url":"https://u"},
    "candidate":{"id":5,"pitch":"event pitch","resume-text":"ignored: not Teamtailor's",
      "questions":[{"question":"Work permit?","answer":"yes"},{"question":"Years?","answer":"18 months"}]}}})");
  ASSERT_TRUE(hook.ok()) << hook.status();
  const auto& event = hook->partner_event();
  CandidateDetails api;
  auto evidence = StoredEvidenceFor(event, api, "résumé text", "");
  EXPECT_EQ(evidence.event_id(), "e1");
  EXPECT_EQ(evidence.resume_text(), "résumé text");
  EXPECT_EQ(evidence.pitch(), "event pitch");
  ASSERT_EQ(evidence.answers_size(), 2);
  EXPECT_EQ(evidence.answers(1).answer().string_value(), "18 months");
  api.pitch = "api pitch";
  api.cover_letter = "letter";
  evidence = StoredEvidenceFor(event, api, "", "no résumé");
  EXPECT_EQ(evidence.pitch(), "api pitch");
  EXPECT_EQ(evidence.cover_letter(), "letter");
  EXPECT_EQ(evidence.resume_problem(), "no résumé");
}

}  // namespace
}  // namespace clara::teamtailor
