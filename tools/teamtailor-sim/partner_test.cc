// Tests of partner.h: partner-result validation, answer conventions, signature header.
#include "tools/teamtailor-sim/partner.h"

#include <gtest/gtest.h>

#include "tools/teamtailor-sim/seed.h"

namespace clara::ttsim {
namespace {

TEST(PartnerResultValidationTest, Table) {
  const struct {
    const char* name;
    const char* attributes;
    bool create;
    const char* pointer;  // nullptr: valid
  } kCases[] = {
      {"full valid update",
       R"({"status":"completed","summary":"Pre-qualified: 6/7 requirements met","url":"https://clara.example.com/r/1",
           "assessment":{"score":82,"grade":"top_fit"},
           "details":{"Requirements":{"PostgreSQL, 3+ years":"met","Work permit":"met"}},
           "assessment-criteria":[{"id":"postgresql-3y","score":100}],
           "attachments":[{"url":"https://clara.example.com/a.pdf","description":"CLARA report"}],
           "actions":[{"buttonText":"Re-screen","endpoint":"rescreen"}]})",
       false, nullptr},
      {"status only", R"({"status":"pending"})", false, nullptr},
      {"bad status", R"({"status":"done"})", false, "/data/attributes/status"},
      {"score 101", R"({"assessment":{"score":101,"grade":"top_fit"}})", false,
       "/data/attributes/assessment/score"},
      {"score -1", R"({"assessment":{"score":-1}})", false, "/data/attributes/assessment/score"},
      {"score 1.5", R"({"assessment":{"score":1.5}})", false, "/data/attributes/assessment/score"},
      {"score as string", R"({"assessment":{"score":"82"}})", false,
       "/data/attributes/assessment/score"},
      {"bad grade", R"({"assessment":{"score":50,"grade":"great"}})", false,
       "/data/attributes/assessment/grade"},
      {"details 2 levels ok", R"({"details":{"a":{"b":"c"}}})", false, nullptr},
      {"details 3 levels", R"({"details":{"a":{"b":{"c":"d"}}}})", false, "/data/attributes/details"},
      {"details not object", R"({"details":"x"})", false, "/data/attributes/details"},
      {"attachment extra key", R"({"attachments":[{"url":"https://x.example.com","description":"d","name":"n"}]})",
       false, "/data/attributes/attachments/0"},
      {"attachment missing description", R"({"attachments":[{"url":"https://x.example.com"}]})", false,
       "/data/attributes/attachments/0"},
      {"attachment ftp url", R"({"attachments":[{"url":"ftp://x.example.com/f","description":"d"}]})",
       false, "/data/attributes/attachments/0/url"},
      {"ftp url", R"({"url":"ftp://x.example.com"})", false, "/data/attributes/url"},
      {"criteria score 300", R"({"assessment-criteria":[{"id":"a","score":300}]})", false,
       "/data/attributes/assessment-criteria/0/score"},
      {"action absolute endpoint", R"({"actions":[{"buttonText":"x","endpoint":"https://evil.example.com"}]})",
       false, "/data/attributes/actions/0/endpoint"},
      {"unknown attribute", R"({"colour":"red"})", false, "/data/attributes/colour"},
      {"create needs status", R"({"candidate-id":54321})", true, "/data/attributes/status"},
      {"create needs numeric candidate-id", R"({"status":"completed","candidate-id":"54321"})", true,
       "/data/attributes/candidate-id"},
      {"create valid", R"({"status":"completed","candidate-id":54321})", true, nullptr},
      {"candidate-id not allowed on update", R"({"candidate-id":54321})", false,
       "/data/attributes/candidate-id"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    std::vector<ApiError> errors =
        ValidatePartnerResultAttributes(Json::parse(c.attributes), c.create);
    if (c.pointer == nullptr) {
      EXPECT_TRUE(errors.empty()) << ErrorBody(errors).dump();
    } else {
      ASSERT_FALSE(errors.empty());
      EXPECT_EQ(errors[0].status, 422);
      EXPECT_EQ(errors[0].pointer, c.pointer);
      EXPECT_EQ(ErrorBody(errors)["errors"][0]["status"], "422");
      EXPECT_EQ(ErrorBody(errors)["errors"][0]["source"]["pointer"], c.pointer);
    }
  }
}

TEST(PartnerSignatureTest, MatchesIndependentHmac) {
  // Expected value computed with Python's hmac module.
  EXPECT_EQ(PartnerSignatureHeader("sim-webhook-secret", 1700000000,
                                   "6f1c0000-0000-4000-8000-000000000001", "abc"),
            "t=1700000000,v1=f1a3865fe1209cc54fd1b39dbfec5f76001135fcd0f3ac8b80e6c2bda6e7feae,v0=abc");
}

TEST(AnswerForEventTest, ContractConventions) {
  absl::StatusOr<Company> c = BuildDemoCompany();
  ASSERT_TRUE(c.ok()) << c.status();
  const struct {
    int64_t answer_id;
    const char* want;  // JSON
  } kCases[] = {
      {7001, R"("yes")"},                 // Boolean
      {7002, R"("8 years")"},             // Range "<n> <unit>"
      {7003, R"(["C++","Go","Python"])"},  // Choice: titles
      {7004, R"("At Fraktlinjen I scaled our ETA service from 200 to 9,000 requests per second by moving hot paths to C++ and partitioning PostgreSQL by region.")"},
  };
  for (const auto& k : kCases) {
    SCOPED_TRACE(k.answer_id);
    const Answer& a = c->answers.at(k.answer_id);
    EXPECT_EQ(AnswerForEvent(c->questions.at(a.question_id), a), Json::parse(k.want));
  }
}

TEST(IsHttpUrlTest, Table) {
  const struct {
    const char* url;
    bool want;
  } kCases[] = {
      {"https://clara.example.com/x", true}, {"http://127.0.0.1:8080", true},
      {"HTTPS://clara.example.com", true},   {"ftp://clara.example.com", false},
      {"clara.example.com", false},          {"https://", false},
      {"https:///path", false},              {"javascript:alert(1)", false},
      {"https://a b.example.com", false},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.url);
    EXPECT_EQ(IsHttpUrl(c.url), c.want);
  }
}

}  // namespace
}  // namespace clara::ttsim
