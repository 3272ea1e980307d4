// Bad webhook input against the real ingest binary: each row gets its clear
// 4xx and leaves nothing in PostgreSQL.
#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/integration/stack.h"

namespace clara::integration {
namespace {

std::string EventBody(const std::string& event_id, int64_t candidate_id, const std::string& extra = "") {
  return absl::StrCat(R"({"partner-event":{"id":")", event_id,
                      R"(","partner-result":{"id":"pr-1","status":"sending","update-url":"http://127.0.0.1:1/partner/v1/partner-results/pr-1"},)",
                      R"("candidate":{"id":)", candidate_id, R"(,"first-name":"Test"}}, "company":{"uuid":"c"})", extra,
                      "}");
}

class WebhookInputTest : public ::testing::Test {
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
Stack* WebhookInputTest::stack_ = nullptr;

TEST_F(WebhookInputTest, BadInputIsRefusedAndStoresNothing) {
  ASSERT_NE(stack_, nullptr);
  Stack& s = *stack_;
  const std::string id = "evt-bad-input";
  const std::string good = EventBody(id, 1);
  auto signed_headers = s.SignedHeaders(id);
  auto with = [&](std::map<std::string, std::string> h, const std::string& k, const std::string& v) {
    if (v.empty()) h.erase(k); else h[k] = v;
    return h;
  };
  const struct {
    const char* name;
    std::string method;
    std::string path;
    std::string body;
    std::map<std::string, std::string> headers;
    int status;
  } kCases[] = {
      {"missing integration key", "POST", "/teamtailor/webhook", good, with(signed_headers, "Authorization", ""), 401},
      {"unknown integration key", "POST", "/teamtailor/webhook", good,
       with(signed_headers, "Authorization", "Bearer 00000000-not-a-known-key"), 401},
      {"wrong auth scheme", "POST", "/teamtailor/webhook", good,
       with(signed_headers, "Authorization", "Token token=" + s.integration_key()), 401},
      {"bad signature", "POST", "/teamtailor/webhook", good,
       with(signed_headers, "Teamtailor-Signature", "t=1790000000,v1=deadbeef"), 401},
      {"signature for another event", "POST", "/teamtailor/webhook", good, s.SignedHeaders("other-event"), 401},
      {"timestamp outside tolerance", "POST", "/teamtailor/webhook", good,
       s.SignedHeaders(id, absl::Now() - absl::Minutes(10)), 401},
      {"missing signature", "POST", "/teamtailor/webhook", good, with(signed_headers, "Teamtailor-Signature", ""), 401},
      {"malformed JSON", "POST", "/teamtailor/webhook", "{\"partner-event\": {", signed_headers, 400},
      {"JSON without an event", "POST", "/teamtailor/webhook", R"({"hello":"world"})", signed_headers, 400},
      {"body over 1 MiB", "POST", "/teamtailor/webhook", EventBody(id, 1, ",\"pad\":\"" + std::string(1 << 20, 'x') + "\""),
       signed_headers, 413},
      {"wrong method", "GET", "/teamtailor/webhook", "", signed_headers, 405},
      {"wrong path", "POST", "/teamtailor/webhooks", good, signed_headers, 404},
  };
  httplib::Client client("127.0.0.1", s.ingest_http_port());
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    httplib::Headers headers(c.headers.begin(), c.headers.end());
    auto r = c.method == "GET" ? client.Get(c.path.c_str(), headers)
                               : client.Post(c.path.c_str(), headers, c.body, "application/json");
    ASSERT_TRUE(r) << "no response";
    EXPECT_EQ(r->status, c.status) << r->body;
    if (c.status != 404) {
      EXPECT_FALSE(r->body.empty()) << "a refusal says why";
    }
    EXPECT_EQ(r->body.find(s.integration_key()), std::string::npos);
    EXPECT_EQ(s.Count("SELECT count(*) FROM partner_events"), 0);
    EXPECT_EQ(s.Count("SELECT count(*) FROM work_items WHERE queue <> 'ingest.job_sync'"), 0);
  }
}

TEST_F(WebhookInputTest, UnknownExtraFieldsAreTolerated) {
  ASSERT_NE(stack_, nullptr);
  Stack& s = *stack_;
  const std::string id = "evt-extra-fields";
  const std::string body = EventBody(id, 1, R"(,"future-top-level":{"a":[1,2]},"another":null)");
  std::string response;
  EXPECT_EQ(s.PostWebhook(body, s.SignedHeaders(id), &response), 200);
  EXPECT_EQ(response, R"({"partner_result_attributes":{"status":"pending"}})");
  pqxx::nontransaction tx(s.Db());
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM partner_events WHERE event_id = $1", id)[0].as<int>(), 1);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM work_items WHERE split_part(dedupe_key, ':', 1) = $1", id)[0].as<int>(), 1);
}

}  // namespace
}  // namespace clara::integration
