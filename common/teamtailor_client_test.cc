// The client against a real HTTP server on loopback (cpp-httplib, port 0):
// headers it must send, and how each answer maps to a status.
#include "common/teamtailor_client.h"

#include <thread>

#include <httplib.h>

#include "common/status.h"
#include "gtest/gtest.h"

namespace clara::teamtailor {
namespace {

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get("/v1/ok", [&](const httplib::Request& req, httplib::Response& res) {
      ports_.push_back(req.remote_port);
      last_auth_ = req.get_header_value("Authorization");
      last_version_ = req.get_header_value("X-Api-Version");
      res.set_content(R"({"data":{"id":"1","type":"jobs"}})", "application/vnd.api+json");
    });
    server_.Patch("/v1/candidates/1", [&](const httplib::Request& req, httplib::Response& res) {
      last_content_type_ = req.get_header_value("Content-Type");
      res.set_content(req.body, "application/vnd.api+json");
    });
    server_.Put("/partner/v1/partner-results/abc", [&](const httplib::Request& req, httplib::Response& res) {
      last_auth_ = req.get_header_value("Authorization");
      last_version_ = req.get_header_value("X-Api-Version");
      res.set_content("{}", "application/vnd.api+json");
    });
    server_.Get(R"(/v1/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.status = std::stoi(req.matches[1]);
      if (res.status == 429) res.set_header("Retry-After", "4");
      if (res.status == 422) {
        res.set_content(
            R"({"errors":[{"title":"can't be blank","detail":"email - can't be blank","source":{"pointer":"/data/attributes/email"},"status":"422"}]})",
            "application/vnd.api+json");
      }
    });
    server_.Post("/v1/notes", [&](const httplib::Request& req, httplib::Response& res) {
      ports_.push_back(req.remote_port);
      res.status = 201;
      res.set_content(R"({"data":{"id":"5","type":"notes"}})", "application/vnd.api+json");
    });
    server_.Get("/v1/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("{}", "application/json");
    });
    server_.Get("/files/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(4096, 'x'), "application/pdf");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([&] { server_.listen_after_bind(); });
    ClientOptions o;
    o.base_url = "http://127.0.0.1:" + std::to_string(port_) + "/v1/";
    o.timeout = absl::Milliseconds(500);
    client_ = std::make_unique<Client>(o);
  }
  void TearDown() override {
    client_.reset();  // closes kept-alive connections so stop() need not wait them out
    server_.stop();
    thread_.join();
  }
  std::string Base() { return "http://127.0.0.1:" + std::to_string(port_); }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<Client> client_;
  std::string last_auth_, last_version_, last_content_type_;
  std::vector<int> ports_;  // client port of each /v1/ok and /v1/notes request, in order
};

// A POST is never sent on a reused connection, nor is its connection reused:
// libcurl re-sends a request whose reused connection died before the answer,
// which for a POST Teamtailor had applied would be a duplicate note. GETs
// keep reusing their connection.
TEST_F(ClientTest, PostsGoOnAFreshConnectionOfTheirOwn) {
  ASSERT_TRUE(client_->Get("k", "/ok").ok());
  ASSERT_TRUE(client_->Get("k", "/ok").ok());
  auto posted = client_->Post("k", "/notes", {{"data", {{"type", "notes"}}}});
  ASSERT_TRUE(posted.ok()) << posted.status();
  ASSERT_TRUE(client_->Get("k", "/ok").ok());
  ASSERT_EQ(ports_.size(), 4u);
  EXPECT_EQ(ports_[0], ports_[1]) << "GETs reuse the kept-alive connection";
  EXPECT_NE(ports_[2], ports_[1]) << "the POST went on a reused connection";
  EXPECT_NE(ports_[3], ports_[2]) << "the POST's connection was reused";
}

TEST_F(ClientTest, SendsContractHeaders) {
  auto r = client_->Get("secret-key", "/ok");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)["data"]["id"], "1");
  EXPECT_EQ(last_auth_, "Token token=secret-key");
  EXPECT_EQ(last_version_, "20240404");
  auto p = client_->Patch("k", "/candidates/1", {{"data", {{"id", "1"}}}});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(last_content_type_, "application/vnd.api+json");  // no charset parameter
  auto put = client_->PutPartnerResult("partner", Base() + "/partner/v1/partner-results/abc", nlohmann::json::object());
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_EQ(last_auth_, "Token token=partner");
  EXPECT_EQ(last_version_, "20180828");
}

TEST_F(ClientTest, MapsErrors) {
  const struct {
    int http;
    absl::StatusCode code;
  } kCases[] = {
      {401, absl::StatusCode::kUnauthenticated}, {403, absl::StatusCode::kPermissionDenied},
      {404, absl::StatusCode::kNotFound},        {406, absl::StatusCode::kInvalidArgument},
      {415, absl::StatusCode::kInvalidArgument}, {422, absl::StatusCode::kInvalidArgument},
      {429, absl::StatusCode::kResourceExhausted}, {500, absl::StatusCode::kUnavailable},
      {503, absl::StatusCode::kUnavailable},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.http);
    auto r = client_->Get("secret-key", "/status/" + std::to_string(c.http));
    EXPECT_EQ(r.status().code(), c.code) << r.status();
    EXPECT_EQ(std::string(r.status().message()).find("secret-key"), std::string::npos);
    if (c.http == 429) {
      ASSERT_TRUE(GetRetryAfter(r.status()).has_value());
      EXPECT_EQ(*GetRetryAfter(r.status()), absl::Seconds(4));
    }
    if (c.http == 422) {
      EXPECT_NE(r.status().message().find("/data/attributes/email: email - can't be blank"), std::string::npos);
    }
  }
}

TEST_F(ClientTest, TimeoutsAndUnreachableAreUnavailable) {
  EXPECT_EQ(client_->Get("k", "/slow").status().code(), absl::StatusCode::kUnavailable);
  ClientOptions o;
  o.base_url = "http://127.0.0.1:1";  // nothing listens on port 1
  Client dead(o);
  EXPECT_EQ(dead.Get("k", "/jobs").status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(ClientTest, DownloadLimitsSize) {
  auto ok = client_->Download(Base() + "/files/big", 8192);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->size(), 4096u);
  EXPECT_EQ(client_->Download(Base() + "/files/big", 1024).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(client_->Download(Base() + "/v1/status/403", 1024).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(client_->Download("file:///etc/passwd", 1024).status().code(), absl::StatusCode::kInvalidArgument);
}

// Found by tools/fuzz error_body: error bodies that are not the JSON:API
// shape (bare strings, numeric detail, non-object entries, a non-string
// pointer) threw nlohmann::json::type_error out of StatusFromResponse.
TEST(StatusFromResponseTest, NonStandardErrorBodiesMapByStatusWithoutThrowing) {
  const struct {
    long status;
    std::string body;
    absl::StatusCode code;
    std::string detail;  // expected in the message
  } cases[] = {
      {400, R"({"errors":["bad thing happened","other"]})", absl::StatusCode::kInvalidArgument, "bad thing happened; other"},
      {404, R"({"errors":[{"detail":404,"title":"Not found"}]})", absl::StatusCode::kNotFound, ": 404"},
      {422, R"({"errors":[{"title":"blank","source":{"pointer":7}}]})", absl::StatusCode::kInvalidArgument, "7: blank"},
      {422, R"({"errors":[null,[1],{"detail":{"x":1}},true]})", absl::StatusCode::kInvalidArgument, ": true"},
      {503, R"({"errors":[{"detail":["a"]}]})", absl::StatusCode::kUnavailable, "answered 503"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    Response r;
    r.status = c.status;
    r.body = c.body;
    absl::Status s;
    ASSERT_NO_THROW(s = StatusFromResponse("GET /jobs/{id}", r));
    EXPECT_EQ(s.code(), c.code) << s;
    EXPECT_NE(s.message().find(c.detail), absl::string_view::npos) << s;
  }
}

// Found by tools/fuzz error_body: every entry of a huge errors array went
// into the message; now at most 5 details of at most 200 bytes.
TEST(StatusFromResponseTest, AHugeErrorsArrayGivesAShortMessage) {
  nlohmann::json errors = nlohmann::json::array();
  for (int i = 0; i < 10000; ++i) errors.push_back({{"detail", std::string(300, 'a' + i % 26)}});
  Response r;
  r.status = 422;
  r.body = nlohmann::json{{"errors", errors}}.dump();
  const absl::Status s = StatusFromResponse("PATCH /candidates/{id}", r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LE(s.message().size(), 1100u) << s.message().size();
  EXPECT_NE(s.message().find(std::string(200, 'a')), absl::string_view::npos);
  EXPECT_EQ(s.message().find(std::string(201, 'a')), absl::string_view::npos);
}

}  // namespace
}  // namespace clara::teamtailor
